// «Печать» links open the browser's print dialog (a file, not a javascript: link: the CSP forbids inline script).
document.querySelectorAll('[data-print]').forEach(function (link) {
    link.addEventListener('click', function (event) {
        event.preventDefault();
        window.print();
    });
});

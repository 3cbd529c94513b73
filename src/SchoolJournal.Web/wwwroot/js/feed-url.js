// The one-time calendar link is selected whole on focus, ready to copy (a file, not an inline handler: the CSP forbids those).
document.querySelectorAll('input.feed-url').forEach(function (input) {
    input.addEventListener('focus', function () { input.select(); });
});

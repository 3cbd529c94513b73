// Keyboard entry in the journal grid, one handler and one entry field for the whole table (the cells carry only their
// marks): a click or an arrow key moves the field into a cell that can be written (not .ro), Enter or Delete posts the
// cell through htmx.ajax (the lesson from the column's header th#l{id}, the student from the row, the antiforgery header
// from the table's hx-headers), and after htmx's swap the field goes to the next student's cell after Enter (the same cell
// after Delete or when the server refused the entry). The field waits in the current week's first writable cell, so Tab
// reaches the grid. On opening, the grid scrolls that week (the table's data-week) to just right of the sticky names.
(function () {
    "use strict";
    const table = document.querySelector("table.journal");
    if (!table) return;
    document.documentElement.classList.add("js");
    const body = table.tBodies[0];
    let pending = null;

    const scroller = table.closest(".scroll");
    const week = table.dataset.week && document.getElementById(table.dataset.week);
    const names = table.querySelector("thead th.name");
    // Twice: the names stick to the left edge only once the grid has scrolled; again after fonts and images have loaded.
    function toWeek() {
        for (let i = 0; i < 2; i++) scroller.scrollLeft += week.getBoundingClientRect().left - names.getBoundingClientRect().right;
    }
    if (scroller && week && names) { toWeek(); window.addEventListener("load", toWeek); }

    if (table.classList.contains("readonly") || !table.dataset.cell || !body) return;

    // The lesson of each column, from the header row's th#l{id}.
    const lessons = Array.from(table.tHead.rows[0].cells, function (th) { return /^l\d+$/.test(th.id) ? th.id.slice(1) : null; });

    const input = document.createElement("input");
    input.className = "entry";
    input.autocomplete = "off"; input.spellcheck = false; input.maxLength = 6;

    function writable(td) {
        return !!td && td.classList.contains("cell") && !td.classList.contains("ro") && lessons[td.cellIndex] !== null;
    }

    function cellAt(row, col) {
        const tr = body.rows[row];
        const td = tr && tr.cells[col];
        return writable(td) ? td : null;
    }

    function place(td, focus) {
        if (input.parentElement !== td) { input.value = ""; td.appendChild(input); }
        input.setAttribute("aria-labelledby", td.parentElement.querySelector("th.name").id + " l" + lessons[td.cellIndex]);
        if (focus) { input.focus(); input.select(); }
    }

    function position() {
        const td = input.parentElement;
        return { row: td.parentElement.sectionRowIndex, col: td.cellIndex };
    }

    // The next writable cell in a direction, skipping cells outside a student's membership or a lesson he may not write.
    function move(from, dRow, dCol) {
        let { row, col } = from;
        for (let step = 0; step < 200; step++) {
            row += dRow; col += dCol;
            if (row < 0 || row >= body.rows.length || col < 0 || col >= body.rows[row].cells.length) return;
            const next = cellAt(row, col);
            if (next) { place(next, true); return; }
        }
    }

    function save(down) {
        const td = input.parentElement;
        pending = position();
        pending.down = down;
        htmx.ajax("POST", table.dataset.cell, {
            source: td, target: td, swap: "outerHTML",
            values: { lessonId: lessons[td.cellIndex], studentId: td.parentElement.querySelector("th.name").id.slice(1), entry: input.value },
        });
    }

    table.addEventListener("click", function (e) {
        if (e.target === input || e.target.closest("a")) return;
        const td = e.target.closest("td");
        if (writable(td)) place(td, true);
    });

    input.addEventListener("keydown", function (e) {
        const at = position();
        switch (e.key) {
            case "ArrowUp": e.preventDefault(); move(at, -1, 0); break;
            case "ArrowDown": e.preventDefault(); move(at, 1, 0); break;
            case "ArrowLeft": if (input.value === "" || input.selectionStart === 0) { e.preventDefault(); move(at, 0, -1); } break;
            case "ArrowRight": if (input.value === "" || input.selectionEnd === input.value.length) { e.preventDefault(); move(at, 0, 1); } break;
            case "Enter":
                e.preventDefault();
                if (input.value.trim() !== "") save(true); else move(at, 1, 0);
                break;
            case "Delete":
                if (input.value === "") { e.preventDefault(); input.value = "-"; save(false); }
                break;
            case "Escape": input.value = ""; break;
        }
    });

    document.body.addEventListener("htmx:afterSwap", function () {
        if (!pending) return;
        const at = pending;
        pending = null;
        const td = cellAt(at.row, at.col);
        if (!td) return;
        if (at.down && !td.classList.contains("invalid")) move(at, 1, 0); else place(td, true);
    });

    // Waiting where the week starts (or in the first writable cell), so the keyboard reaches the grid with Tab.
    const start = week && Array.from(body.rows).map(function (tr) { return tr.cells[week.cellIndex]; }).find(writable);
    const first = start || Array.from(body.querySelectorAll("td.cell")).find(writable);
    if (first) place(first, false);
})();

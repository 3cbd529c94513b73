// Keyboard movement in the journal grid, one handler for the whole table (the cells carry no attributes of their own):
// it moves the focus, posts a cell on Enter or Delete through htmx.ajax (the lesson from the cell's data-lesson, the
// student from its row, the antiforgery header from the table's hx-headers), and after htmx's swap
// focuses the next student's cell after Enter (the same cell after Delete or when the server refused the entry).
// On opening, the grid scrolls the current week's first lesson (the table's data-week) to just right of the sticky names.
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

    function position(input) {
        const td = input.closest("td");
        return { row: td.parentElement.sectionRowIndex, col: td.cellIndex };
    }

    function inputAt(row, col) {
        const tr = body.rows[row];
        const td = tr && tr.cells[col];
        return td ? td.querySelector("input.entry") : null;
    }

    // The next editable cell in a direction, skipping cells outside a student's membership or a lesson he may not write.
    function move(from, dRow, dCol) {
        let { row, col } = from;
        for (let step = 0; step < 200; step++) {
            row += dRow; col += dCol;
            if (row < 0 || row >= body.rows.length || col < 0 || col >= body.rows[row].cells.length) return;
            const next = inputAt(row, col);
            if (next) { next.focus(); next.select(); return; }
        }
    }

    function save(input, down) {
        pending = position(input);
        pending.down = down;
        const td = input.closest("td");
        htmx.ajax("POST", table.dataset.cell, {
            source: td, target: td, swap: "outerHTML",
            values: { lessonId: td.dataset.lesson, studentId: td.parentElement.querySelector("th.name").id.slice(1), entry: input.value },
        });
    }

    // Set on focus rather than written into each of a quarter's thousand cells.
    table.addEventListener("focusin", function (e) {
        const input = e.target;
        if (!(input instanceof HTMLInputElement) || !input.classList.contains("entry")) return;
        input.autocomplete = "off"; input.spellcheck = false; input.maxLength = 6;
    });

    table.addEventListener("keydown", function (e) {
        const input = e.target;
        if (!(input instanceof HTMLInputElement) || !input.classList.contains("entry")) return;
        const at = position(input);
        switch (e.key) {
            case "ArrowUp": e.preventDefault(); move(at, -1, 0); break;
            case "ArrowDown": e.preventDefault(); move(at, 1, 0); break;
            case "ArrowLeft": if (input.value === "" || input.selectionStart === 0) { e.preventDefault(); move(at, 0, -1); } break;
            case "ArrowRight": if (input.value === "" || input.selectionEnd === input.value.length) { e.preventDefault(); move(at, 0, 1); } break;
            case "Enter":
                e.preventDefault();
                if (input.value.trim() !== "") save(input, true); else move(at, 1, 0);
                break;
            case "Delete":
                if (input.value === "") { e.preventDefault(); input.value = "-"; save(input, false); }
                break;
            case "Escape": input.value = ""; break;
        }
    });

    document.body.addEventListener("htmx:afterSwap", function () {
        if (!pending) return;
        const at = pending;
        pending = null;
        const input = inputAt(at.row, at.col);
        if (!input) return;
        if (at.down && !input.closest("td").classList.contains("invalid")) move(at, 1, 0); else input.focus();
    });
})();

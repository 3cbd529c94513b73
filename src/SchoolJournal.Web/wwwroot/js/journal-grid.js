// Keyboard movement in the journal grid. Saving is htmx's (hx-post on each cell's input, triggered by
// "journal-save"); this script only moves the focus, turns Enter and Delete into that trigger, and puts the
// focus back into the cell htmx has just swapped.
(function () {
    "use strict";
    const table = document.querySelector("table.journal");
    if (!table) return;
    document.documentElement.classList.add("js");
    const body = table.tBodies[0];
    let pending = null;

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

    function save(input) {
        pending = position(input);
        htmx.trigger(input, "journal-save");
    }

    table.addEventListener("keydown", function (e) {
        const input = e.target;
        if (!(input instanceof HTMLInputElement) || !input.classList.contains("entry")) return;
        const at = position(input);
        switch (e.key) {
            case "ArrowUp": e.preventDefault(); move(at, -1, 0); break;
            case "ArrowDown": e.preventDefault(); move(at, 1, 0); break;
            case "ArrowLeft": if (input.value === "" || input.selectionStart === 0) { e.preventDefault(); move(at, 0, -1); } break;
            case "ArrowRight": if (input.value === "" || input.selectionEnd === input.value.length) { e.preventDefault(); move(at, 0, 1); } break;
            case "Enter": e.preventDefault(); if (input.value.trim() !== "") save(input); break;
            case "Delete":
                if (input.value === "") { e.preventDefault(); input.value = "-"; save(input); }
                break;
            case "Escape": input.value = ""; break;
        }
    });

    document.body.addEventListener("htmx:afterSwap", function () {
        if (!pending) return;
        const input = inputAt(pending.row, pending.col);
        pending = null;
        if (input) input.focus();
    });
})();

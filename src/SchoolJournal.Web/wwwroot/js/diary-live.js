// Live diary (R-DIARY-2). Every element with data-live-student="ID" is watched over SignalR (/hubs/diary); when the
// server says that student's diary changed, the element gets the htmx event "diary-changed" and reloads itself by its
// own hx-get. The message carries no data: what is shown always comes from the access-checked page. Without this
// script (or without WebSockets and its fallbacks) the page is still complete, only not live.
(function () {
    "use strict";
    if (!window.signalR || !window.htmx || !document.querySelector("[data-live-student]")) return;

    const watched = new Set();
    const pending = new Set(); // student ids to refresh; "*" for all
    let timer = null;

    const connection = new signalR.HubConnectionBuilder()
        .withUrl("/hubs/diary")
        .withAutomaticReconnect([0, 2000, 5000, 10000, 30000, 60000])
        .configureLogging(signalR.LogLevel.None)
        .build();

    function elements() {
        return Array.from(document.querySelectorAll("[data-live-student]"));
    }

    function studentIds() {
        return [...new Set(elements().map(el => Number(el.dataset.liveStudent)).filter(id => Number.isInteger(id) && id > 0))];
    }

    // <html data-diary-live="on|off">: whether changes arrive right now (for styles and for the browser tests).
    function state(on) {
        document.documentElement.dataset.diaryLive = on ? "on" : "off";
    }

    async function watch(ids) {
        for (const id of ids) {
            try {
                if (await connection.invoke("Watch", id)) watched.add(id);
            } catch {
                // The connection dropped in between; the reconnect watches again.
            }
        }
    }

    // Bursts (a teacher filling a column) become one reload per element after a short quiet spell.
    function refresh(key) {
        pending.add(key);
        clearTimeout(timer);
        timer = setTimeout(() => {
            const all = pending.has("*");
            const ids = new Set(pending);
            pending.clear();
            // Queried now, not when the message came: an outerHTML swap replaces the elements.
            for (const el of elements()) {
                if (all || ids.has(Number(el.dataset.liveStudent))) htmx.trigger(el, "diary-changed");
            }
        }, 200);
    }

    connection.on("changed", change => {
        // A change of a lesson (homework, substitution, topic) names no student: it is about one of this page's.
        const id = change && typeof change.studentId === "number" ? change.studentId : null;
        refresh(id !== null ? id : "*");
    });

    connection.onreconnecting(() => state(false));

    connection.onreconnected(async () => {
        watched.clear();
        await watch(studentIds());
        state(true);
        refresh("*"); // what changed while the connection was down
    });

    // A swapped-in fragment may show another child (a parent switching between his children).
    document.body.addEventListener("htmx:load", () => {
        if (connection.state !== signalR.HubConnectionState.Connected) return;
        const fresh = studentIds().filter(id => !watched.has(id));
        if (fresh.length) watch(fresh);
    });

    async function start(attempt, again) {
        try {
            await connection.start();
            await watch(studentIds());
            state(true);
            if (again) refresh("*");
        } catch {
            // Server restarting or the network away: try again, less and less often, without noise.
            if (attempt < 10) setTimeout(() => start(attempt + 1, again), Math.min(60000, 2000 * 2 ** attempt));
        }
    }

    // The automatic reconnect gave up (a long outage): start over, a little later.
    connection.onclose(() => {
        watched.clear();
        state(false);
        setTimeout(() => start(0, true), 5000);
    });

    start(0);
})();

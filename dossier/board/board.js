// The office board (dossier serve, OUT/bang-theo-doi.html): filters, grouping, sorting and, when served,
// the live updates (server-sent events). No library, nothing loaded from elsewhere: the page works offline.
(function () {
  "use strict";
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  function value(id) { const el = document.getElementById(id); return el ? el.value : ""; }

  function applyBoard() {
    const body = $("#hang");
    if (!body) return;
    const want = { chiBo: value("loc-chi-bo"), lop: value("loc-lop"), stage: value("loc-giai-doan") };
    const action = $("#loc-can-xu-ly") && $("#loc-can-xu-ly").checked;
    const group = value("nhom") || "lop";
    const sort = value("sap-xep") || "urgency";
    const rows = $$("tr.hang", body);
    rows.forEach((tr) => tr.remove());
    $$("tr.nhom", body).forEach((tr) => tr.remove());
    const shown = rows.filter((tr) => (!want.chiBo || tr.dataset.chiBo === want.chiBo)
      && (!want.lop || tr.dataset.lop === want.lop) && (!want.stage || tr.dataset.stage === want.stage)
      && (!action || tr.dataset.action === "1"));
    const num = (tr, key) => Number(tr.dataset[key]);
    const order = { urgency: "urgency", name: "nameOrder", stage: "stageOrder", days: "days" }[sort] || "urgency";
    shown.sort((a, b) => num(a, order) - num(b, order) || num(a, "urgency") - num(b, "urgency")
      || num(a, "nameOrder") - num(b, "nameOrder"));
    // groups in the order of their most urgent row
    const groups = new Map();
    shown.forEach((tr) => {
      const name = group === "chi_bo" ? tr.dataset.chiBo : tr.dataset.lop;
      if (!groups.has(name)) groups.set(name, []);
      groups.get(name).push(tr);
    });
    const columns = $$("thead th", body.parentElement).length || 1;
    groups.forEach((members, name) => {
      const head = document.createElement("tr");
      head.className = "nhom";
      const cell = document.createElement("td");
      cell.colSpan = columns;
      cell.textContent = (group === "chi_bo" ? "Chi bộ: " : "Lớp: ") + (name || "—") + " (" + members.length + " người)";
      head.appendChild(cell);
      body.appendChild(head);
      members.forEach((tr) => body.appendChild(tr));
    });
    rows.filter((tr) => !shown.includes(tr)).forEach((tr) => { tr.classList.add("an"); body.appendChild(tr); });
    shown.forEach((tr) => tr.classList.remove("an"));
    const count = $("#so-hien");
    if (count) count.textContent = shown.length + "/" + rows.length;
    applyDeadlines();
  }

  function applyDeadlines() {
    const limit = Number(value("so-ngay") || "10");
    let n = 0;
    $$("#bang-han tr.han-dong").forEach((tr) => {
      const days = Number(tr.dataset.days);
      const show = tr.dataset.days !== "" && days <= limit;
      tr.classList.toggle("an", !show);
      if (show) n += 1;
    });
    const empty = $("#han-trong");
    if (empty) empty.classList.toggle("an", n > 0);
  }

  function showTab(name) {
    $$(".tab button").forEach((b) => b.classList.toggle("chon", b.dataset.tab === name));
    $$(".khung").forEach((k) => k.classList.toggle("an", k.id !== "khung-" + name));
  }

  async function refresh() {
    const response = await fetch(location.href, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.getElementById("noi-dung");
    const here = document.getElementById("noi-dung");
    if (fresh && here) {
      here.innerHTML = fresh.innerHTML;
      const tab = $(".tab button.chon");
      applyBoard();
      if (tab) showTab(tab.dataset.tab);
    }
  }

  function live() {
    if (!document.body.dataset.live) return;
    const progress = $("#tien-do");
    const source = new EventSource("/su-kien");
    source.addEventListener("bang", () => { refresh(); });
    source.addEventListener("tien-do", (event) => {
      const data = JSON.parse(event.data);
      progress.textContent = data.text;
      progress.classList.toggle("dang-chay", !!data.running);
      const button = $("#dung-lai");
      if (button) button.disabled = !!data.running;
    });
    const button = $("#dung-lai");
    if (button) {
      button.addEventListener("click", () => {
        const key = document.body.dataset.key;
        fetch("/dung-lai" + (key ? "?ho-so=" + encodeURIComponent(key) : ""),
          { method: "POST", credentials: "same-origin" });
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    ["loc-chi-bo", "loc-lop", "loc-giai-doan", "loc-can-xu-ly", "nhom", "sap-xep"].forEach((id) => {
      const el = document.getElementById(id);
      if (el) el.addEventListener("change", applyBoard);
    });
    const days = document.getElementById("so-ngay");
    if (days) days.addEventListener("input", applyDeadlines);
    $$(".tab button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
    applyBoard();
    live();
  });
})();

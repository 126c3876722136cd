// The responder's queue, a little faster by keyboard (issue 14, decision 0517). Progressive
// enhancement only: every action here is a link, a checkbox or a radio button the page already
// has without script. Keys are never taken while the cursor is in a field or with a modifier.
(function () {
  "use strict";
  var table = document.querySelector("table.queue");
  if (!table) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr")).filter(function (row) {
    return row.querySelector("input[type=checkbox]");
  });
  var current = -1;

  var NOT_TYPED = ["checkbox", "radio", "button", "submit", "reset"];
  function typing(target) {
    if (!target || !target.tagName) return false;
    if (target.tagName === "INPUT") return NOT_TYPED.indexOf(target.type) < 0;
    return target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable;
  }

  function point(index) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0) rows[current].classList.remove("is-current");
    current = index;
    var row = rows[current];
    row.classList.add("is-current");
    var link = row.querySelector("a.number");
    if (link) link.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function toggleHelp() {
    var help = document.getElementById("shortcuts");
    if (!help) return;
    help.open = !help.open;
    if (help.open) {
      help.scrollIntoView({ block: "nearest" });
      help.querySelector("summary").focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      if (event.key === "Escape") event.target.blur();
      return;
    }
    var row = current >= 0 ? rows[current] : null;
    switch (event.key) {
      case "j": point(current + 1); break;
      case "k": point(current < 0 ? 0 : current - 1); break;
      case "x":
        if (!row) return;
        var box = row.querySelector("input[type=checkbox]");
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
        break;
      case "Enter":
        // A focused link, button or summary keeps its own Enter.
        if (!row || event.target.closest("a, button, summary")) return;
        row.querySelector("a.number").click();
        break;
      case "o":
        if (!row) return;
        row.querySelector("a.number").click();
        break;
      case "/":
        var search = document.getElementById("id_q");
        if (!search) return;
        search.focus();
        search.select();
        break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  // A row clicked (outside its link and checkbox) becomes the current one for j/k.
  rows.forEach(function (row, index) {
    row.addEventListener("click", function () {
      if (current >= 0) rows[current].classList.remove("is-current");
      current = index;
      row.classList.add("is-current");
    });
  });

  // The bulk form shows only the choice its action needs (all three are there without script).
  var action = document.getElementById("id_action");
  var needs = { assign: "id_department", answer: "id_template", leave: "id_ground" };
  function showNeeded() {
    Object.keys(needs).forEach(function (name) {
      var field = document.getElementById(needs[name]);
      if (field && field.closest(".field")) field.closest(".field").hidden = name !== action.value;
    });
  }
  if (action) {
    action.addEventListener("change", showNeeded);
    showNeeded();
  }

  // "Choose all on this page", then the offer to choose every address matching the filter: it
  // only ticks the form's own radio button, which works without script too.
  var pickPage = document.getElementById("pick-page");
  var banner = document.getElementById("select-all");
  var matching = document.getElementById("select-all-matching");
  var scopeFilter = document.getElementById("scope-filter");
  var scopeChosen = document.getElementById("scope-chosen");
  if (!pickPage || !rows.length) return;
  pickPage.hidden = false;
  function boxes() {
    return rows.map(function (row) { return row.querySelector("input[type=checkbox]"); });
  }
  function refresh() {
    var all = boxes().every(function (box) { return box.checked; });
    var some = boxes().some(function (box) { return box.checked; });
    pickPage.checked = all;
    pickPage.indeterminate = some && !all;
    if (banner) banner.hidden = !all || !matching;
    if (!all && scopeFilter && scopeFilter.checked && scopeChosen) scopeChosen.checked = true;
  }
  pickPage.addEventListener("change", function () {
    boxes().forEach(function (box) { box.checked = pickPage.checked; });
    refresh();
  });
  table.addEventListener("change", function (event) {
    if (event.target !== pickPage) refresh();
  });
  if (matching && scopeFilter) {
    matching.addEventListener("click", function () {
      scopeFilter.checked = true;
      scopeFilter.focus();
      scopeFilter.scrollIntoView({ block: "nearest" });
    });
  }
})();

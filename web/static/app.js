/* Policy Glossary: small enhancements. Every page works without this file. */
(function () {
  "use strict";
  var body = document.body;
  function msg(name, num) {
    var text = body.getAttribute("data-msg-" + name) || "";
    return num === undefined ? text : text.replace("{num}", String(num));
  }

  /* Suggestions as you type: an ARIA combobox over /api/v1/suggest. */
  function setupSuggest(input) {
    var list = document.getElementById(input.id + "-list");
    var status = input.form.querySelector("[data-status-for='" + input.id + "']");
    if (!list) { return; }
    var url = input.getAttribute("data-suggest");
    var termUrl = input.getAttribute("data-term-url");
    var items = [];
    var active = -1;
    var sequence = 0;
    var timer = null;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      active = index;
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0) { input.setAttribute("aria-activedescendant", items[index].id); }
      else { input.removeAttribute("aria-activedescendant"); }
    }
    function go(index) {
      window.location.href = items[index].getAttribute("data-url");
    }
    function render(suggestions) {
      list.innerHTML = "";
      items = suggestions.map(function (s, i) {
        var li = document.createElement("li");
        li.id = input.id + "-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-url", termUrl.replace("__ID__", encodeURIComponent(s.id)));
        [["zh", s.zh, "zh-Hans"], ["en", s.en, "en"], ["py", s.pinyin, ""]].forEach(function (part) {
          var span = document.createElement("span");
          span.className = part[0];
          span.textContent = part[1];
          if (part[2]) { span.lang = part[2]; }
          li.appendChild(span);
        });
        if (s.status && msg("status-" + s.status)) {
          var badge = document.createElement("span");
          badge.className = "status status-" + s.status;
          badge.textContent = msg("status-" + s.status);
          badge.title = msg("status-help-" + s.status);
          li.appendChild(badge);
        }
        li.addEventListener("mousedown", function (event) { event.preventDefault(); go(i); });
        list.appendChild(li);
        return li;
      });
      active = -1;
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      if (status) { status.textContent = items.length ? msg("suggestions", items.length) : msg("no-suggestions"); }
    }
    function fetchSuggestions() {
      var text = input.value.trim();
      var mine = ++sequence;
      if (!text) { close(); return; }
      fetch(url + "?q=" + encodeURIComponent(text) + "&limit=8", { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (mine !== sequence) { return; }
          if (data.ok) { render(data.suggestions); } else { close(); }
        })
        .catch(function () { if (mine === sequence) { close(); } });
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 60);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        highlight((active + 1) % items.length);
      } else if (event.key === "ArrowUp" && items.length) {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        go(active);
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); }
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    /* A paste (over the query limit, or a sentence) goes to term recognition, by POST: it may be long. */
    input.form.addEventListener("submit", function () {
      var text = input.value.trim();
      var limit = Number(input.getAttribute("data-query-limit")) || 200;
      if (text.length > limit || (text.length >= 10 && /[。！？!?]/.test(text))) {
        input.form.action = input.getAttribute("data-recognize");
        input.form.method = "post";
        input.name = "text";
      }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-suggest]"), setupSuggest);

  /* Copy buttons (shown only when this script runs). */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      document.body.removeChild(area);
      if (done) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    var label = button.textContent;
    button.hidden = false;
    button.setAttribute("aria-live", "polite");
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-copy")).then(function () {
        button.textContent = msg("copied");
      }, function () {
        button.textContent = msg("copy-failed");
      });
      setTimeout(function () { button.textContent = label; }, 2000);
    });
  });

  /* On a narrow screen the reader's contents start folded, unless the page opens at an anchor. */
  var toc = document.querySelector(".toc details");
  if (toc && !window.location.hash && window.matchMedia("(max-width: 50rem)").matches) { toc.open = false; }

  /* Hover and focus cards for marked terms in the reader. */
  var card = document.getElementById("term-card");
  if (card) {
    var shownFor = null;
    var hideTimer = null;
    var show = function (link) {
      clearTimeout(hideTimer);
      card.innerHTML = "";
      [["en", link.getAttribute("data-en"), "en"], ["def", link.getAttribute("data-def"), ""],
       ["more", msg("open"), ""]].forEach(function (part) {
        if (!part[1]) { return; }
        var span = document.createElement("span");
        span.className = part[0];
        span.textContent = part[1];
        if (part[2]) { span.lang = part[2]; }
        card.appendChild(span);
      });
      card.hidden = false;
      var box = link.getBoundingClientRect();
      var left = Math.max(8, Math.min(window.scrollX + box.left, window.scrollX + document.documentElement.clientWidth - card.offsetWidth - 8));
      card.style.left = left + "px";
      card.style.top = (window.scrollY + box.bottom + 6) + "px";
      if (shownFor && shownFor !== link) { shownFor.removeAttribute("aria-describedby"); }
      link.setAttribute("aria-describedby", "term-card");
      shownFor = link;
    };
    var hide = function () {
      card.hidden = true;
      if (shownFor) { shownFor.removeAttribute("aria-describedby"); shownFor = null; }
    };
    Array.prototype.forEach.call(document.querySelectorAll("a.term"), function (link) {
      link.removeAttribute("title");  /* the card replaces the native tooltip */
    });
    var termOf = function (node) { return node && node.closest ? node.closest("a.term") : null; };
    document.addEventListener("mouseover", function (event) { var link = termOf(event.target); if (link) { show(link); } });
    document.addEventListener("mouseout", function (event) {
      if (termOf(event.target)) { hideTimer = setTimeout(hide, 120); }
    });
    document.addEventListener("focusin", function (event) { var link = termOf(event.target); if (link) { show(link); } });
    document.addEventListener("focusout", function (event) { if (termOf(event.target)) { hide(); } });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") { hide(); } });

    /* Arriving from a link: highlight the paragraph (CSS :target does too) and the term followed. */
    var arrive = function () {
      Array.prototype.forEach.call(document.querySelectorAll(".arrived"), function (el) { el.classList.remove("arrived"); });
      var id = decodeURIComponent(window.location.hash.slice(1));
      var target = id ? document.getElementById(id) : null;
      if (!target) { return; }
      target.classList.add("arrived");
      var term = new URLSearchParams(window.location.search).get("term");
      if (term) {
        Array.prototype.forEach.call(target.querySelectorAll("a.term"), function (link) {
          if (link.getAttribute("data-term") === term) { link.classList.add("current-term"); }
        });
      }
      target.scrollIntoView({ block: "center" });
    };
    window.addEventListener("hashchange", arrive);
    arrive();
  }
  /* The check page: filter the segments by kind of issue at once (the form's select works without it). */
  var kindSelect = document.getElementById("check-kind");
  var checkTable = document.querySelector(".check-table");
  if (kindSelect && checkTable) {
    kindSelect.addEventListener("change", function () {
      var kind = kindSelect.value;
      Array.prototype.forEach.call(checkTable.querySelectorAll("tbody tr"), function (row) {
        var kinds = (row.getAttribute("data-kinds") || "").split(" ");
        row.hidden = !(kind === "all" || (kind === "issues" && kinds[0] !== "none") || kinds.indexOf(kind) >= 0);
      });
    });
  }
})();

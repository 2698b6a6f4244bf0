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

  /* Hover, focus and tap cards for marked terms (reader, results, recognition). */
  var card = document.getElementById("term-card");
  if (card) {
    var shownFor = null;
    var hideTimer = null;
    var lastInput = "mouse";  /* mouse, touch, pen or keyboard: what moved last */
    var show = function (link) {
      clearTimeout(hideTimer);
      card.innerHTML = "";
      [["en", link.getAttribute("data-en"), "en"], ["def", link.getAttribute("data-def"), ""]].forEach(function (part) {
        if (!part[1]) { return; }
        var span = document.createElement("span");
        span.className = part[0];
        span.textContent = part[1];
        if (part[2]) { span.lang = part[2]; }
        card.appendChild(span);
      });
      var more = document.createElement("a");  /* a real link: tapping it opens the entry */
      more.className = "more";
      more.href = link.getAttribute("href");
      more.textContent = msg("open");
      card.appendChild(more);
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
      clearTimeout(hideTimer);
      card.hidden = true;
      if (shownFor) { shownFor.removeAttribute("aria-describedby"); shownFor = null; }
    };
    var hideSoon = function () { clearTimeout(hideTimer); hideTimer = setTimeout(hide, 300); };
    Array.prototype.forEach.call(document.querySelectorAll("a.term"), function (link) {
      link.removeAttribute("title");  /* the card replaces the native tooltip */
    });
    var termOf = function (node) { return node && node.closest ? node.closest("a.term") : null; };
    var pointed = function (event) { lastInput = event.pointerType || "mouse"; };
    document.addEventListener("pointerdown", pointed, true);
    document.addEventListener("pointerover", pointed, true);
    document.addEventListener("keydown", function () { lastInput = "keyboard"; }, true);
    document.addEventListener("mouseover", function (event) {
      var link = termOf(event.target);
      if (link && lastInput === "mouse") { show(link); }
    });
    document.addEventListener("mouseout", function (event) { if (termOf(event.target)) { hideSoon(); } });
    /* WCAG 1.4.13: the card stays while the pointer is on it, and goes with Esc. */
    card.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    card.addEventListener("mouseleave", hideSoon);
    document.addEventListener("focusin", function (event) {
      var link = termOf(event.target);
      if (link && (lastInput === "touch" || lastInput === "pen")) { return; }  /* a tap focuses too: the click decides */
      if (link) { show(link); } else if (!card.contains(event.target)) { hide(); }
    });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") { hide(); } });
    /* Touch: the first tap on a term opens its card, a second tap (or the card's link) opens the entry. */
    document.addEventListener("click", function (event) {
      var link = termOf(event.target);
      if (link && (lastInput === "touch" || lastInput === "pen") && shownFor !== link) {
        event.preventDefault();
        show(link);
      } else if (!link && !card.contains(event.target) && !card.hidden) {
        hide();
      }
    });

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

  /* A term's stops in the reader: "2 of 5" with the previous and next paragraph that use it. */
  var stops = document.querySelector("nav.stops");
  if (stops) {
    var anchors = Array.prototype.map.call(stops.querySelectorAll(".stop-list a"), function (a) { return a.getAttribute("href"); });
    var position = stops.querySelector(".stop-position");
    var prev = stops.querySelector(".stop-prev");
    var next = stops.querySelector(".stop-next");
    var place = function () {
      var at = anchors.indexOf(window.location.hash);
      var current = at < 0 ? 0 : at + 1;
      position.textContent = position.getAttribute("data-template").replace("{current}", current).replace("{total}", anchors.length);
      prev.hidden = current <= 1;
      next.hidden = current >= anchors.length;
      if (current > 1) { prev.href = anchors[current - 2]; }
      next.href = anchors[Math.min(current, anchors.length - 1)];
    };
    window.addEventListener("hashchange", place);
    place();
  }

  /* Switching language or the gloss view keeps the paragraph you are reading. */
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest(".lang-switch a, a[data-keep-hash]") : null;
    if (!link || !window.location.hash) { return; }
    var href = link.getAttribute("href");
    link.setAttribute("href", link.matches(".lang-switch a") ? href + encodeURIComponent(window.location.hash) : href.split("#")[0] + window.location.hash);
  }, true);
})();

/* Policy Glossary search widget: <policy-glossary-search>. No dependencies, no build step.
   Load it from the service (<script src="https://glossary.example/widget.js" defer>); the service
   fills in the interface strings below. Attributes, events and CSP: /embed/docs. */
(function () {
  "use strict";
  var TAG = "policy-glossary-search";
  if (!window.customElements || !window.fetch || customElements.get(TAG)) { return; }
  var CONF = /*@conf*/{"messages": {}, "max_query": 200, "max_limit": 20}/*@conf*/;
  var script = document.currentScript;
  // The service's root: where this script came from (…/widget.js, or …/static/widget.js).
  var ROOT = (script && script.src ? new URL(".", script.src).href : location.origin + "/").replace(/static\/$/, "");
  var DELAY = 150;
  var serial = 0;

  function make(tag, cls, parent, attrs) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    for (var name in attrs || {}) { node.setAttribute(name, attrs[name]); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  class PolicyGlossarySearch extends HTMLElement {
    static get observedAttributes() { return ["lang", "placeholder"]; }

    constructor() {
      super();
      this._items = [];
      this._active = -1;
      this._seq = 0;
      this.attachShadow({ mode: "open", delegatesFocus: true });
    }

    connectedCallback() {
      if (!this._input) { this._build(); }
      this._texts();
    }

    attributeChangedCallback() { if (this._input) { this._texts(); } }

    /* Attributes, read when used (so they can change at any time). */
    get language() {
      var own = this.getAttribute("lang") || (this.closest("[lang]") || document.documentElement).getAttribute("lang");
      return /^zh/i.test(own || "zh") ? "zh" : "en";
    }
    get api() {
      var base = this.getAttribute("api");
      return base ? base.replace(/\/*$/, "/") : ROOT;
    }
    get limit() {
      var n = parseInt(this.getAttribute("limit"), 10);
      return n >= 1 ? Math.min(n, CONF.max_limit) : 8;
    }
    get openIn() {
      var mode = this.getAttribute("open-in");
      return mode === "new-tab" || mode === "event" ? mode : "same-tab";
    }

    t(key, values) {
      var table = CONF.messages[this.language] || CONF.messages.en || {};
      return (table[key] || key).replace(/\{(\w+)\}/g, function (all, name) {
        return values && name in values ? values[name] : all;
      });
    }

    focus(options) { if (this._input) { this._input.focus(options); } else { super.focus(options); } }

    _build() {
      var root = this.shadowRoot;
      var id = "pg" + (++serial);
      var css = make("link", "", root, { rel: "stylesheet", href: ROOT + "widget.css" });
      var box = this._box = make("div", "box", root);
      box.hidden = true;  // until the stylesheet is in (or has failed), so the page never shows it unstyled
      var reveal = function () { box.hidden = false; };
      css.addEventListener("load", reveal);
      css.addEventListener("error", reveal);
      setTimeout(reveal, 3000);
      this._label = make("label", "vh", box, { "for": id + "-q" });
      var input = this._input = make("input", "q", box, {
        id: id + "-q", type: "search", role: "combobox", autocomplete: "off", spellcheck: "false",
        "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": id + "-list",
        "aria-describedby": id + "-note", maxlength: String(CONF.max_query), enterkeyhint: "search",
        "aria-keyshortcuts": "/ Control+K Meta+K"
      });
      var pop = this._pop = make("div", "pop", box);
      pop.hidden = true;
      this._list = make("div", "list", pop, { id: id + "-list", role: "listbox" });
      this._note = make("p", "note", pop, { id: id + "-note" });
      this._all = make("a", "all", pop);
      this._status = make("p", "vh", box, { role: "status", "aria-live": "polite" });
      this._id = id;

      var self = this;
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        if (!input.value.trim()) { self._cancel(); self._show([], "", "", false); return; }
        timer = setTimeout(function () { self._fetch(); }, DELAY);
      });
      input.addEventListener("keydown", function (event) { self._key(event); });
      input.addEventListener("focus", function () { if (self._items.length || self._note.textContent) { self._open(); } });
      // Keep focus in the box while the pointer is on the popup; leave it and the popup closes.
      pop.addEventListener("mousedown", function (event) { event.preventDefault(); });
      root.addEventListener("focusout", function (event) {
        if (!event.relatedTarget || !root.contains(event.relatedTarget)) { self._close(); }
      });
      this._list.addEventListener("click", function (event) {
        var option = event.target.closest("[role=option]");
        if (option) { self._choose(Number(option.getAttribute("data-i")), event); }
      });
    }

    _texts() {
      this._label.textContent = this.t("label");
      this._input.placeholder = this.getAttribute("placeholder") || this.t("placeholder");
      this._list.setAttribute("aria-label", this.t("list"));
      this._input.lang = this._box.lang = this.language === "zh" ? "zh-Hans" : "en";
    }

    _cancel() {
      this._seq++;
      if (this._abort) { this._abort.abort(); this._abort = null; }
    }

    _fetch() {
      var query = this._input.value.trim();
      this._cancel();
      var mine = this._seq;
      var self = this;
      var url = this.api + "api/v1/suggest?q=" + encodeURIComponent(query) + "&limit=" + this.limit;
      var abort = this._abort = window.AbortController ? new AbortController() : null;
      fetch(url, { headers: { Accept: "application/json" }, credentials: "omit", signal: abort && abort.signal })
        .then(function (response) {
          return response.json().then(function (data) { return { status: response.status, data: data }; });
        })
        .then(function (reply) {
          if (mine !== self._seq) { return; }  // a later keystroke has taken over: drop this answer
          var data = reply.data || {};
          if (data.ok) { self._render(query, data.suggestions || []); }
          else if (reply.status < 500) { self._render(query, []); }
          else { self._fail(url, data.error); }
        })
        .catch(function (error) {
          if (mine !== self._seq || (error && error.name === "AbortError")) { return; }
          self._fail(url, error);
        });
    }

    _fail(url, why) {
      if (window.console) {
        console.warn("policy-glossary-search: " + url + " failed (" + why + "). If the service is up, check that " +
          location.origin + " is in its GLOSSARY_CORS_ORIGINS and that this page's CSP connect-src allows it.");
      }
      var self = this;
      var mine = this._seq;
      var notAllowed = this.t("not_allowed");
      var unreachable = this.t("unreachable");
      // A request refused by CORS fails like an outage. A no-cors request, whose answer the page may not
      // read, still tells them apart: it succeeds when the service is up, so this page is not allowed.
      fetch(this.api + "api/v1/health", { mode: "no-cors", credentials: "omit" })
        .then(function () { return notAllowed; }, function () { return unreachable; })
        .then(function (note) { if (mine === self._seq) { self._show([], note, "", true); } });
    }

    _render(query, suggestions) {
      this._show(suggestions, suggestions.length ? "" : this.t("none", { q: query }), query, false);
    }

    _show(suggestions, note, query, failed) {
      var self = this;
      var zh = this.language === "zh";
      var list = this._list;
      list.textContent = "";
      this._items = suggestions;
      this._active = -1;
      this._input.removeAttribute("aria-activedescendant");
      var statusNames = {
        official: [this.t("status_official"), this.t("help_official")],
        recommended: [this.t("status_recommended"), this.t("help_recommended")],
        proposed: [this.t("status_proposed"), this.t("help_proposed")],
        deprecated: [this.t("status_deprecated"), this.t("help_deprecated")]
      };
      suggestions.forEach(function (s, i) {
        var option = make("a", "opt", list, {
          id: self._id + "-o" + i, role: "option", "aria-selected": "false", tabindex: "-1", "data-i": String(i),
          href: s.url
        });
        if (self.openIn === "new-tab") { option.target = "_blank"; option.rel = "noopener"; }
        else if (self.openIn === "same-tab") { option.target = "_top"; }
        var head = make("span", "head", option);
        make("span", "zh", head, { lang: "zh-Hans" }).textContent = s.zh;
        make("span", "en", head, { lang: "en" }).textContent = s.en;
        if (statusNames[s.status]) {
          var badge = make("span", "status status-" + s.status, head, { title: statusNames[s.status][1] });
          badge.textContent = statusNames[s.status][0];
        }
        make("span", "def", option, { lang: zh ? "zh-Hans" : "en" }).textContent = zh ? s.definition : s.definition_en;
      });
      this._note.textContent = note;
      this._note.className = failed ? "note failed" : "note";
      this._note.hidden = !note;
      this._all.hidden = !query;
      if (query) {
        this._all.textContent = this.t("all", { q: query });
        this._all.href = this.api + "search?q=" + encodeURIComponent(query) + "&lang=" + this.language;
        this._all.target = this.openIn === "same-tab" ? "_top" : "_blank";
      }
      this._status.textContent = suggestions.length ? this.t("found", { n: suggestions.length }) : note;
      this._open();
    }

    _open() {
      var any = this._items.length || this._note.textContent;
      this._pop.hidden = !any;
      this._input.setAttribute("aria-expanded", this._items.length ? "true" : "false");
    }

    _close() {
      this._pop.hidden = true;
      this._input.setAttribute("aria-expanded", "false");
      this._input.removeAttribute("aria-activedescendant");
      this._mark(-1);
    }

    _mark(index) {
      var options = this._list.children;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      this._active = index;
      if (index >= 0) {
        this._input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        this._input.removeAttribute("aria-activedescendant");
      }
    }

    _key(event) {
      var n = this._items.length;
      var open = !this._pop.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!n) { return; }
        event.preventDefault();
        if (!open) { this._open(); this._mark(event.key === "ArrowDown" ? 0 : n - 1); return; }
        var step = event.key === "ArrowDown" ? 1 : -1;
        this._mark(this._active < 0 ? (step > 0 ? 0 : n - 1) : (this._active + step + n) % n);
      } else if (event.key === "Enter") {
        if (open && this._active >= 0) {
          event.preventDefault();
          this._list.children[this._active].click();
        } else if (this._input.value.trim() && this.openIn !== "event") {
          event.preventDefault();
          this._all.click();
        }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); this._close(); }
        else if (this._input.value) {
          event.preventDefault();
          this._input.value = "";
          this._cancel();
          this._show([], "", "", false);
        }
      }
    }

    /* A term was chosen: tell the page (cancelable), then follow the link unless told not to. */
    _choose(index, event) {
      var term = this._items[index];
      if (!term) { return; }
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button > 0) { return; }  // the browser's own new tab/window
      var detail = JSON.parse(JSON.stringify(term));
      var go = this.dispatchEvent(new CustomEvent("glossary-select", {
        detail: detail, bubbles: true, composed: true, cancelable: true
      }));
      if (this.hasAttribute("notify-parent") && window.parent !== window) {
        window.parent.postMessage({ type: "glossary-select", term: detail }, "*");
      }
      this._close();
      if (!go || this.openIn === "event") { event.preventDefault(); }
    }
  }

  customElements.define(TAG, PolicyGlossarySearch);

  /* "/" (outside text fields) or Ctrl/Cmd+K focuses the first widget on the page that allows shortcuts. */
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey) { return; }
    var slash = event.key === "/" && !event.ctrlKey && !event.metaKey;
    var k = (event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.shiftKey;
    if (!slash && !k) { return; }
    var from = event.composedPath ? event.composedPath()[0] : event.target;
    if (slash && from && (from.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(from.tagName))) { return; }
    var widgets = document.querySelectorAll(TAG);
    for (var i = 0; i < widgets.length; i++) {
      if (widgets[i].getAttribute("shortcuts") !== "off" && widgets[i]._input) {
        event.preventDefault();
        widgets[i].focus();
        widgets[i]._input.select();
        return;
      }
    }
  });
})();

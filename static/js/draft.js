/* Entry form: keep an unsent copy of what was typed on this device, and offer it back.
 *
 * The server copy is the truth: htmx saves the draft as the author types (hx-post on the
 * form). This only covers what the server has not received yet: a reload before the save,
 * a lost connection, a closed tab. The copy is dropped once the server has saved exactly it.
 * Works without it: the page is a plain form that posts and saves.
 */
(function () {
  "use strict";

  var PREFIX = "sangkien:draft:";

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  function clearDraftsOf(store, id) {
    if (!store || !id) { return; }
    for (var i = store.length - 1; i >= 0; i--) {
      var k = store.key(i);
      if (k && (k.indexOf(PREFIX + id + "-") === 0 || k === PREFIX + "new")) { store.removeItem(k); }
    }
  }

  var SKIP = { csrfmiddlewaretoken: true, initiative: true, action: true, next: true, to_list: true };

  function read(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || SKIP[el.name] || el.type === "file" || el.type === "submit" || el.type === "button") { return; }
      if (el.type === "checkbox") { values[el.name] = el.checked; }
      else if (el.type === "radio") { if (el.checked) { values[el.name] = el.value; } else if (!(el.name in values)) { values[el.name] = ""; } }
      else { values[el.name] = el.value; }
    });
    return values;
  }

  function write(form, values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in values) || SKIP[el.name]) { return; }
      if (el.type === "checkbox") { el.checked = !!values[el.name]; }
      else if (el.type === "radio") { el.checked = el.value === values[el.name]; }
      else if (el.type !== "file" && el.type !== "hidden") { el.value = values[el.name]; }
    });
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function init() {
    focusErrorSummary();
    var store = storage();
    document.querySelectorAll("[data-clear-drafts]").forEach(function (f) {
      f.addEventListener("submit", function () { clearDraftsOf(store, f.getAttribute("data-clear-drafts")); });
    });
    var form = document.getElementById("entry-form");
    if (!form) { return; }
    var status = document.getElementById("save-status");
    var offlineText = form.getAttribute("data-offline-text") || "";
    var idField = document.getElementById("draft-id");
    var key = function () { return PREFIX + form.getAttribute("data-draft-key"); };
    var sent = null;

    function keep() {
      if (!store) { return; }
      try {
        store.setItem(key(), JSON.stringify({ at: Date.now(), values: read(form) }));
      } catch (e) { /* storage full: the server copy still works */ }
    }

    if (store) {
      var raw = store.getItem(key());
      var copy = null;
      try { copy = raw && JSON.parse(raw); } catch (e) { copy = null; }
      var offer = document.getElementById("draft-restore");
      if (copy && copy.values && !same(copy.values, read(form)) && offer) {
        var when = new Date(copy.at);
        var label = offer.querySelector("[data-restore-time]");
        if (label) { label.textContent = "(" + pad(when.getHours()) + ":" + pad(when.getMinutes()) + " " + pad(when.getDate()) + "/" + (when.getMonth() + 1) + ")"; }
        offer.hidden = false;
        offer.querySelector("[data-restore]").addEventListener("click", function () {
          write(form, copy.values);
          offer.hidden = true;
          // Let htmx save it to the server like anything typed.
          form.dispatchEvent(new Event("change", { bubbles: true }));
        });
        offer.querySelector("[data-discard]").addEventListener("click", function () {
          store.removeItem(key());
          offer.hidden = true;
        });
      } else if (copy) {
        store.removeItem(key());
      }
    }

    form.addEventListener("input", keep);
    form.addEventListener("change", keep);

    document.body.addEventListener("htmx:beforeRequest", function (evt) {
      if (evt.detail.elt === form) { sent = read(form); }
    });
    document.body.addEventListener("htmx:afterRequest", function (evt) {
      if (evt.detail.elt !== form) { return; }
      var xhr = evt.detail.xhr;
      if (evt.detail.successful && xhr && xhr.getResponseHeader("X-Draft-Saved") === "1") {
        if (store && sent && same(sent, read(form))) { store.removeItem(key()); }
      }
    });
    document.body.addEventListener("draftCreated", function (evt) {
      // The first save created the draft: from now on the copy belongs to it.
      var id = evt.detail && evt.detail.id;
      if (!id) { return; }
      var old = key();
      form.setAttribute("data-draft-key", id + "-" + (form.getAttribute("data-section") || "thong-tin-chung"));
      if (store) {
        var pending = store.getItem(old);
        store.removeItem(old);
        if (pending && sent && !same(sent, read(form))) { store.setItem(key(), pending); }
      }
    });
    function offline(evt) {
      if (evt.detail && evt.detail.elt !== form) { return; }
      keep();
      if (status) { status.textContent = offlineText; status.classList.add("save-offline"); }
    }
    document.body.addEventListener("htmx:sendError", offline);
    document.body.addEventListener("htmx:timeout", offline);
    window.addEventListener("online", function () {
      if (status) { status.classList.remove("save-offline"); }
      form.dispatchEvent(new Event("change", { bubbles: true }));
    });
    if (idField && idField.value === "" && form.getAttribute("data-draft-new") === "1") {
      // nothing saved yet: the copy under "new" is what protects the first words typed
      form.addEventListener("submit", function () { if (store) { store.removeItem(key()); } });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

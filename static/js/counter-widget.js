/*
 * Sáng kiến counter widget: a live count for a union's own website.
 *
 *   <div data-sangkien-counter="HB-GD"></div>
 *   <script src="https://<this site>/static/js/counter-widget.js" async></script>
 *
 * No dependencies. Reads the public API (/api/v1/progress/<code>) of the site that served
 * this file, draws the figures with textContent only (never HTML from the network), and
 * refreshes every minute. Without JavaScript nothing shows; the page around it is unaffected.
 */
(function () {
  "use strict";
  var REFRESH_MS = 60000;
  var script = document.currentScript;
  // The site's address: what precedes /static/js/counter-widget.js, or the hashed name the
  // site's own pages use (counter-widget.<hex>.js), with or without a query string.
  var base = script && script.src ? script.src.replace(/\/static\/js\/counter-widget(?:\.[0-9a-f]+)?\.js(?:[?#].*)?$/, "") : "";

  function number(n) {
    // 1.234.567, the Vietnamese way, whatever the browser's language.
    return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function percent(p) {
    return (Math.round(p * 10) / 10).toString().replace(".", ",") + "%";
  }

  function el(tag, style, text) {
    var node = document.createElement(tag);
    if (style) node.setAttribute("style", style);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw(box, data) {
    box.textContent = "";
    var card = el("div", "font-family:system-ui,Segoe UI,Roboto,Arial,sans-serif;border:2px solid #b3161b;" +
      "border-radius:6px;padding:12px 16px;max-width:22rem;color:#1b1b1f;background:#fff;line-height:1.4");
    card.appendChild(el("div", "font-weight:700;font-size:15px", data.name));
    card.appendChild(el("div", "font-size:36px;font-weight:800;color:#8a0f13", number(data.counted)));
    card.appendChild(el("div", "font-size:14px", "sáng kiến được ghi nhận"));
    if (data.target) {
      var bar = el("div", "height:12px;background:#f4f5f7;border:1px solid #c9ccd1;border-radius:6px;margin:8px 0 4px;overflow:hidden");
      var fill = el("div", "height:100%;background:#1c6b3c;width:" + Math.min(100, data.percent || 0) + "%");
      bar.appendChild(fill);
      bar.setAttribute("role", "progressbar");
      bar.setAttribute("aria-valuemin", "0");
      bar.setAttribute("aria-valuemax", "100");
      bar.setAttribute("aria-valuenow", String(Math.min(100, data.percent || 0)));
      bar.setAttribute("aria-label", "Phần trăm chỉ tiêu");
      card.appendChild(bar);
      card.appendChild(el("div", "font-size:14px",
        percent(data.percent || 0) + " chỉ tiêu " + number(data.target) + " sáng kiến"));
    }
    var link = el("a", "font-size:13px;color:#0b4f9c", "01 triệu sáng kiến");
    link.href = base + "/";
    link.target = "_blank";
    link.rel = "noopener";
    card.appendChild(link);
    box.appendChild(card);
  }

  function load(box) {
    var code = box.getAttribute("data-sangkien-counter");
    if (!code || !window.fetch) return;
    fetch(base + "/api/v1/progress/" + encodeURIComponent(code), { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && data.unit) draw(box, data); })
      .catch(function () { /* keep the last figures on a network hiccup */ });
  }

  function start() {
    var boxes = document.querySelectorAll("[data-sangkien-counter]");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.getAttribute("data-sangkien-started")) return;
      box.setAttribute("data-sangkien-started", "1");
      box.setAttribute("aria-live", "off");
      load(box);
      setInterval(function () { if (!document.hidden) load(box); }, REFRESH_MS);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

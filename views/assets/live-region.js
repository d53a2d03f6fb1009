/* global document, window, location, fetch, setTimeout, DOMParser -- a browser script, served as it is */
/*
 * Keeps a progress region up to date without reloading the page (a timed reload would move focus and the
 * reading position, WCAG 2.2.1): every few seconds it fetches the same page and swaps in the new contents of
 * the element marked data-live-refresh="<seconds>", until the fresh page no longer carries that mark.
 */
(function () {
  var region = document.querySelector('[data-live-refresh]');
  if (!region || !window.fetch || !window.DOMParser) return;
  var seconds = Number(region.getAttribute('data-live-refresh')) || 5;
  function later(factor) {
    setTimeout(tick, seconds * 1000 * factor);
  }
  function tick() {
    fetch(location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (res) {
        if (!res.ok) throw new Error(String(res.status));
        return res.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(region.id);
        if (!fresh) return;
        region.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute('data-live-refresh')) later(1);
        else region.removeAttribute('data-live-refresh');
      })
      .catch(function () {
        later(4);
      });
  }
  later(1);
})();

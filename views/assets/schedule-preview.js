/* global document, window, fetch, URLSearchParams, FormData, setTimeout, clearTimeout -- a browser script, served as it is */
/*
 * The schedule form, with a script: shows the weekday or the day of the month as the frequency needs, and
 * previews the next five send times as the form is edited, before saving (GET <form data-preview>?<fields>).
 * Without it, both fields show with their hints and the preview is the saved schedule's.
 */
(function () {
  var form = document.getElementById('schedule-form');
  if (!form) return;
  var frequency = form.querySelector('#frequency');
  function showFields() {
    var blocks = form.querySelectorAll('[data-frequencies]');
    for (var i = 0; i < blocks.length; i++) {
      blocks[i].hidden = blocks[i].getAttribute('data-frequencies').split(' ').indexOf(frequency.value) < 0;
    }
  }
  if (frequency) {
    frequency.addEventListener('change', showFields);
    showFields();
  }
  var url = form.getAttribute('data-preview');
  var region = document.getElementById('live-preview');
  var list = document.getElementById('live-preview-times');
  var note = document.getElementById('live-preview-note');
  if (!url || !region || !window.fetch) return;
  var timer = null;
  var asked = 0;
  function render(body) {
    list.textContent = '';
    var lines = body.times || [];
    if (body.errors) {
      lines = [];
      for (var k in body.errors) lines.push(body.errors[k]);
    }
    for (var i = 0; i < lines.length; i++) {
      var li = document.createElement('li');
      li.textContent = lines[i];
      list.appendChild(li);
    }
    note.textContent = body.note || '';
    region.hidden = false;
  }
  function preview() {
    var fields = new URLSearchParams(new FormData(form));
    fields.delete('_csrf');
    var mine = ++asked;
    fetch(url + '?' + fields.toString(), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) {
        return res.json();
      })
      .then(function (body) {
        if (mine === asked) render(body);
      })
      .catch(function () {
        region.hidden = true;
      });
  }
  function later() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(preview, 300);
  }
  form.addEventListener('input', later);
  form.addEventListener('change', later);
})();

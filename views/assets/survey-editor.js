/* global document -- a browser script, served as it is */
/*
 * The survey editor, with a script: "Add another question" and "Remove question n" work in place instead of
 * posting the form, each question gets "Move up" / "Move down" buttons, and a question shows only the fields
 * its kind uses (choices for single and multiple choice, the scale for eNPS). A question turned into a comment
 * becomes optional. Questions are renumbered (names q[i][...], ids, legends) after every change, so the form
 * posts exactly what the no-script form would. Labels come from the form's data-* attributes (translated).
 */
(function () {
  var form = document.getElementById('survey-editor');
  if (!form) return;
  var max = Number(form.getAttribute('data-max')) || 10;
  var addButton = document.getElementById('add-question');
  var status = document.getElementById('editor-status');
  var label = function (name, n) {
    return (form.getAttribute('data-' + name) || '').replace('{n}', String(n));
  };
  var questions = function () {
    return Array.prototype.slice.call(form.querySelectorAll('fieldset.question'));
  };

  function showKindFields(fieldset) {
    var kind = fieldset.querySelector('select[name$="[kind]"]').value;
    var blocks = fieldset.querySelectorAll('[data-kinds]');
    for (var i = 0; i < blocks.length; i++) blocks[i].hidden = blocks[i].getAttribute('data-kinds').split(' ').indexOf(kind) < 0;
  }

  function renumber() {
    var all = questions();
    all.forEach(function (fieldset, i) {
      fieldset.id = 'q' + i;
      fieldset.querySelector('legend').textContent = label('question', i + 1);
      var fields = fieldset.querySelectorAll('[name^="q["], [id^="q"], [for^="q"], [aria-describedby]');
      for (var j = 0; j < fields.length; j++) {
        var el = fields[j];
        if (el.name) el.name = el.name.replace(/^q\[\d+\]/, 'q[' + i + ']');
        if (el.id && el !== fieldset) el.id = el.id.replace(/^q\d+-/, 'q' + i + '-');
        if (el.htmlFor) el.htmlFor = el.htmlFor.replace(/^q\d+-/, 'q' + i + '-');
        var described = el.getAttribute('aria-describedby');
        if (described) el.setAttribute('aria-describedby', described.replace(/\bq\d+-/g, 'q' + i + '-'));
      }
      var remove = fieldset.querySelector('button[value^="remove:"]');
      remove.value = 'remove:' + i;
      remove.textContent = label('remove', i + 1);
      fieldset.querySelector('[data-move="up"]').textContent = label('up', i + 1);
      fieldset.querySelector('[data-move="down"]').textContent = label('down', i + 1);
      fieldset.querySelector('[data-move="up"]').disabled = i === 0;
      fieldset.querySelector('[data-move="down"]').disabled = i === all.length - 1;
    });
    if (addButton) addButton.disabled = all.length >= max;
  }

  function moveButton(direction) {
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary';
    b.setAttribute('data-move', direction);
    return b;
  }

  function enhance(fieldset) {
    var remove = fieldset.querySelector('button[value^="remove:"]');
    remove.parentNode.insertBefore(moveButton('up'), remove);
    remove.parentNode.insertBefore(moveButton('down'), remove);
    var kind = fieldset.querySelector('select[name$="[kind]"]');
    kind.addEventListener('change', function () {
      showKindFields(fieldset);
      if (kind.value === 'comment') fieldset.querySelector('input[name$="[required]"]').checked = false;
    });
    showKindFields(fieldset);
  }

  function announce(text) {
    if (status) status.textContent = text;
  }

  form.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button') : null;
    if (!button || !form.contains(button)) return;
    var fieldset = button.closest('fieldset.question');
    if (button.getAttribute('data-move') && fieldset) {
      event.preventDefault();
      var up = button.getAttribute('data-move') === 'up';
      var other = up ? fieldset.previousElementSibling : fieldset.nextElementSibling;
      if (!other || !other.matches('fieldset.question')) return;
      if (up) other.parentNode.insertBefore(fieldset, other);
      else other.parentNode.insertBefore(other, fieldset);
      renumber();
      fieldset.querySelector('[data-move="' + (up ? 'up' : 'down') + '"]').focus();
      announce(label('moved', questions().indexOf(fieldset) + 1));
    } else if (button.value && button.value.indexOf('remove:') === 0 && fieldset && questions().length > 1) {
      event.preventDefault();
      var next = fieldset.nextElementSibling && fieldset.nextElementSibling.matches('fieldset.question') ? fieldset.nextElementSibling : fieldset.previousElementSibling;
      fieldset.parentNode.removeChild(fieldset);
      renumber();
      if (next && next.matches('fieldset.question')) next.querySelector('select').focus();
    } else if (button === addButton && questions().length < max) {
      event.preventDefault();
      var all = questions();
      var copy = all[all.length - 1].cloneNode(true);
      var fields = copy.querySelectorAll('input, textarea, select');
      for (var i = 0; i < fields.length; i++) {
        var el = fields[i];
        if (el.type === 'checkbox') el.checked = true;
        else if (el.tagName === 'SELECT') el.selectedIndex = 0;
        else el.value = '';
        el.removeAttribute('aria-invalid');
      }
      var errors = copy.querySelectorAll('.error, [data-move]');
      for (var j = 0; j < errors.length; j++) errors[j].parentNode.removeChild(errors[j]);
      all[all.length - 1].parentNode.insertBefore(copy, all[all.length - 1].nextSibling);
      enhance(copy);
      renumber();
      copy.querySelector('select').focus();
    }
  });

  questions().forEach(enhance);
  renumber();
})();

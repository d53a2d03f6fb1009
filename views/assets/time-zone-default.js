/* global document -- a browser script, served as it is */
/*
 * On a form's first showing, chooses the browser's own time zone in a time-zone list marked data-browser-zone
 * (when the list has it). Without scripts, or after an error, the list keeps what the server chose.
 */
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return;
  }
  if (!zone) return;
  var lists = document.querySelectorAll('select[data-browser-zone]');
  for (var i = 0; i < lists.length; i++) {
    var options = lists[i].options;
    for (var j = 0; j < options.length; j++) {
      if (options[j].value === zone) {
        lists[i].value = zone;
        break;
      }
    }
  }
})();

/* /embed/docs: show what the live demo's glossary-select events carry. */
(function () {
  "use strict";
  var log = document.getElementById("demo-log");
  if (!log) { return; }
  document.addEventListener("glossary-select", function (event) {
    log.textContent = "glossary-select\n" + JSON.stringify(event.detail, null, 2);
  });
})();

// The SPARQL editor: YASGUI (from its npm package, installed beside this file) on /sparql, with
// dipkg's prefixes declared and the named questions as examples. Without it the page keeps its
// plain form, which works without JavaScript.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("dipkg-config").textContent);
  var host = document.getElementById("yasgui");
  if (!window.Yasgui || !host) { return; }
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { value: config.query },
    yasr: { prefixes: config.prefixes }
  });
  // The endpoint declares dipkg's prefixes, so a query needs no PREFIX lines: tell the editor's
  // checker so, by starting its parse with them declared (it would mark dk: as undefined).
  function declare(yasqe) {
    var mode = yasqe && yasqe.getMode();
    if (!mode || mode.dipkgDeclared) { return; }
    var start = mode.startState;
    mode.startState = function () {
      var state = start.apply(this, arguments);
      Object.keys(config.prefixes).forEach(function (p) { state.prefixes[p] = config.prefixes[p]; });
      return state;
    };
    mode.dipkgDeclared = true;
    yasqe.setValue(yasqe.getValue());
  }
  yasgui.getTab().getYasqe().setValue(config.query);
  declare(yasgui.getTab().getYasqe());
  yasgui.on("tabChange", function () { declare(yasgui.getTab().getYasqe()); });
  document.getElementById("plain-editor").hidden = true;
  var plain = document.getElementById("plain-answer");
  if (plain) { plain.hidden = true; }
  var examples = document.querySelector("form.examples");
  examples.addEventListener("submit", function (event) {
    event.preventDefault();
    var key = document.getElementById("example").value;
    var found = config.examples.filter(function (e) { return e[0] === key; })[0];
    if (!found) { return; }
    var next = yasgui.addTab(true, { name: found[1] });
    declare(yasgui.getTab(next).getYasqe());
    yasgui.getTab(next).setQuery(found[2]);
  });
  window.dipkgYasgui = yasgui;
}());

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
    yasqe: { value: config.query }
  });
  // the endpoint declares dipkg's prefixes, so the query needs no PREFIX lines
  yasgui.getTab().getYasqe().setValue(config.query);
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
    yasgui.getTab(next).setQuery(found[2]);
  });
  window.dipkgYasgui = yasgui;
}());

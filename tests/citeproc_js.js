// CSL-JSON items rendered by citeproc-js, the CSL processor of Zotero (tests/translation_server.py).
//
// Usage: node tests/citeproc_js.js < REQUEST.json, where the request is
// {"styles": {name: STYLE.csl, ...}, "items": [CSL-JSON item, ...]}.
// Prints JSON, {name: [plain text of each item's bibliography entry]}:
// each item is rendered on its own, as a reference list of one.
"use strict";

const fs = require("fs");
const { Cite, plugins } = require("@citation-js/core");
require("@citation-js/plugin-csl");

const request = JSON.parse(fs.readFileSync(0, "utf8"));
const rendered = {};
for (const [name, file] of Object.entries(request.styles)) {
  plugins.config.get("@csl").styles.add(name, fs.readFileSync(file, "utf8"));
  rendered[name] = request.items.map(item =>
    new Cite(item).format("bibliography", { template: name, lang: "en-US", format: "text" }).trim());
}
process.stdout.write(JSON.stringify(rendered, null, 1) + "\n");

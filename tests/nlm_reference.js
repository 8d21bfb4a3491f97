// A second, independent rendering of the paper's references (tests/test_second_processor.py).
//
// Usage: node tests/nlm_reference.js REFERENCES.bib STYLE.csl
//
// Citation.js reads the .bib file (its own BibTeX and BibLaTeX parser) and
// citeproc-js, through plugin-csl, formats each entry with the CSL style
// given, registered in its config: the official nlm-citation-sequence.csl,
// NLM's Citing Medicine. Prints JSON, {key: plain text}, in the .bib
// file's order; each entry is formatted on its own, without its number.
"use strict";

const fs = require("fs");
const { Cite, plugins } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-csl");

const [bibFile, styleFile] = process.argv.slice(2);
if (!bibFile || !styleFile) {
  console.error("usage: node nlm_reference.js REFERENCES.bib STYLE.csl");
  process.exit(2);
}

plugins.config.get("@csl").styles.add("nlm-citation-sequence", fs.readFileSync(styleFile, "utf8"));

// Never fetch anything: the input is a local file.
const cite = new Cite(fs.readFileSync(bibFile, "utf8"), { forceType: "@biblatex/text" });
const rendered = {};
for (const item of cite.data) {
  const text = new Cite(item).format("bibliography", {
    template: "nlm-citation-sequence",
    lang: "en-US",
    format: "text",
  });
  // The style numbers each entry ("1. "); an entry formatted alone is always 1.
  rendered[item.id] = text.trim().replace(/^1\.\s*/, "");
}
process.stdout.write(JSON.stringify(rendered, null, 1) + "\n");

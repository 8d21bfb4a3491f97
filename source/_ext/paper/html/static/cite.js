// Copy buttons of the "Cite this" blocks (source/_ext/paper/cite_block.py).
// The buttons stay hidden without JavaScript, where they could not work.
"use strict";
document.querySelectorAll(".cite-this button.cite-copy").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const text = document.getElementById(button.dataset.copy).textContent.trim();
    const status = button.closest(".cite-this").querySelector(".cite-status");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied to the clipboard.";
    } catch {
      status.textContent = "Could not copy: select the text and copy it by hand.";
    }
  });
});

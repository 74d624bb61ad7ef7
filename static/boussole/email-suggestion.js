/*
 * E-mail field of the contact form: suggests, once the youth has typed their address, the common domain they may have
 * mistyped ("gmial.com": "gmail.com"), with a button that writes it. Progressive enhancement: the form makes the same
 * check when it is sent (core/email_typos.py, whose lists the field carries in its data- attributes).
 */
(function () {
  "use strict";

  const LONG_DOMAIN = 10;

  // Edits from one text to the other: insertions, deletions, substitutions, and swaps of two neighbours.
  function distance(one, other) {
    const rows = [];
    for (let i = 0; i <= one.length; i++) {
      rows.push([i]);
      for (let j = 1; j <= other.length; j++) {
        rows[i].push(i === 0 ? j : 0);
      }
    }
    for (let i = 1; i <= one.length; i++) {
      for (let j = 1; j <= other.length; j++) {
        const cost = one[i - 1] === other[j - 1] ? 0 : 1;
        rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && one[i - 1] === other[j - 2] && one[i - 2] === other[j - 1]) {
          rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
        }
      }
    }
    return rows[one.length][other.length];
  }

  function words(text) {
    return (text || "").split(" ").filter(Boolean);
  }

  function suggestedDomain(domain, lists) {
    if (!domain || lists.common.includes(domain) || lists.real.includes(domain)) {
      return "";
    }
    if (lists.typos.has(domain)) {
      return lists.typos.get(domain);
    }
    let best = "";
    let bestDistance = 3;
    for (const common of lists.common) {
      const allowed = common.length >= LONG_DOMAIN ? 2 : 1;
      const found = distance(domain, common);
      if (found <= allowed && found < bestDistance) {
        best = common;
        bestDistance = found;
      }
    }
    return best;
  }

  function enhance(input) {
    const box = document.getElementById(input.id + "-suggestion");
    if (!box) {
      return;
    }
    const lists = {
      common: words(input.dataset.emailDomains),
      real: words(input.dataset.emailReal),
      typos: new Map(words(input.dataset.emailTypos).map((pair) => pair.split(":"))),
    };

    // The address the youth kept after the form questioned it.
    const checked = input.form && input.form.elements.namedItem("email_checked");
    // The form, sent back, already says what it suggests: the script adds only the button.
    const saidByTheForm = Boolean(box.dataset.suggested);

    function suggest(event) {
      box.replaceChildren();
      const address = input.value.trim();
      if (!event && checked && checked.value && checked.value.toLowerCase() === address.toLowerCase() && !saidByTheForm) {
        return;
      }
      const at = address.lastIndexOf("@");
      if (at < 1) {
        return;
      }
      const domain = suggestedDomain(address.slice(at + 1).toLowerCase(), lists);
      if (!domain) {
        return;
      }
      const suggestion = address.slice(0, at + 1) + domain;
      const message = document.createElement("p");
      message.className = "fr-message fr-message--info fr-mb-1w";
      message.textContent = "Voulais-tu écrire " + suggestion + " ?";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "fr-btn fr-btn--sm fr-btn--secondary";
      button.textContent = "Oui, corriger mon adresse";
      button.addEventListener("click", function () {
        input.value = suggestion;
        box.replaceChildren();
        input.focus();
      });
      if (event || !saidByTheForm) {
        box.append(message);
      }
      box.append(button);
    }

    input.addEventListener("change", suggest);
    suggest();
  }

  document.querySelectorAll("input[data-email-domains]").forEach(enhance);
})();

/*
 * Commune field: suggestions while typing, following the WAI-ARIA 1.2 combobox pattern with a listbox popup
 * ("list autocomplete"). Progressive enhancement: without this script, or when the network fails, the form is
 * submitted to the search page as usual.
 */
(function () {
  "use strict";

  const MIN_LENGTH = 2;
  const DEBOUNCE_MS = 150;
  const POSTAL_CODES_SHOWN = 3;

  function countMessage(count) {
    if (count === 0) {
      return "Aucune commune ne correspond.";
    }
    const communes = count === 1 ? "1 commune proposée" : count + " communes proposées";
    return communes + ", utilise les flèches haut et bas pour choisir.";
  }

  // Big cities have dozens of postal codes: show the ones that match the digits typed, then the first ones.
  function postalCodesText(codes, query) {
    if (!Array.isArray(codes) || codes.length === 0) {
      return "";
    }
    const digits = query.replace(/\D/g, "");
    let shown = codes;
    if (codes.length > POSTAL_CODES_SHOWN) {
      const matching = digits ? codes.filter((code) => code.startsWith(digits)) : [];
      const others = codes.filter((code) => !matching.includes(code));
      shown = matching.concat(others).slice(0, POSTAL_CODES_SHOWN);
    }
    return shown.join(", ") + (shown.length < codes.length ? "…" : "");
  }

  function enhance(form) {
    const input = form.querySelector("input[name='q']");
    const wrapper = input && input.closest(".boussole-combobox");
    const endpoint = form.getAttribute("data-autocomplete-url");
    if (!input || !wrapper || !endpoint || !window.fetch || !window.AbortController) {
      return;
    }
    const baseId = input.id || "commune-query";

    const listbox = document.createElement("ul");
    listbox.id = baseId + "-listbox";
    listbox.className = "boussole-combobox__listbox";
    listbox.setAttribute("role", "listbox");
    listbox.setAttribute("aria-label", "Communes proposées");
    listbox.hidden = true;

    const status = document.createElement("div");
    status.className = "fr-sr-only";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    // "No commune found", visible while typing (the status above tells screen readers).
    const empty = document.createElement("p");
    empty.className = "fr-message fr-message--info fr-mt-1w boussole-combobox__empty";
    empty.setAttribute("aria-hidden", "true");
    empty.hidden = true;

    wrapper.appendChild(listbox);
    wrapper.appendChild(status);
    wrapper.appendChild(empty);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    let results = [];
    let activeIndex = -1;
    let debounceTimer = null;
    let controller = null;
    let lastQuery = "";

    function options() {
      return listbox.querySelectorAll("[role='option']");
    }

    function isOpen() {
      return !listbox.hidden;
    }

    function announce(message) {
      // The same text twice in a row would not be read again: alternate a trailing no-break space.
      if (message && status.textContent === message) {
        message += "\u00a0";
      }
      status.textContent = message;
    }

    function setActive(index) {
      const items = options();
      activeIndex = index;
      items.forEach((item, position) => {
        const active = position === index;
        item.setAttribute("aria-selected", active ? "true" : "false");
        item.classList.toggle("boussole-combobox__option--active", active);
      });
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (results.length === 0) {
        return;
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      setActive(-1);
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function cancelPending() {
      window.clearTimeout(debounceTimer);
      debounceTimer = null;
      if (controller) {
        controller.abort();
        controller = null;
      }
    }

    function reset() {
      cancelPending();
      results = [];
      lastQuery = "";
      listbox.replaceChildren();
      close();
      announce("");
      empty.hidden = true;
    }

    function render(query, communes) {
      results = communes;
      lastQuery = query;
      listbox.replaceChildren();
      communes.forEach((commune, index) => {
        const option = document.createElement("li");
        option.id = baseId + "-option-" + index;
        option.className = "boussole-combobox__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        const label = document.createElement("strong");
        label.textContent = commune.label;
        option.appendChild(label);
        const codes = postalCodesText(commune.postal_codes, query);
        if (codes) {
          const postalCodes = document.createElement("span");
          postalCodes.className = "boussole-combobox__postal-codes";
          postalCodes.textContent = " " + codes;
          option.appendChild(postalCodes);
        }
        listbox.appendChild(option);
      });
      setActive(-1);
      if (document.activeElement !== input) {
        close();
        return;
      }
      if (communes.length > 0) {
        open();
      } else {
        close();
      }
      empty.textContent =
        "Aucune commune ne correspond à « " + query + " ». Vérifie l’orthographe ou essaie avec le code postal.";
      empty.hidden = communes.length > 0;
      announce(countMessage(communes.length));
    }

    function search(query, then) {
      cancelPending();
      const current = new AbortController();
      controller = current;
      const url = new URL(endpoint, window.location.href);
      url.searchParams.set("q", query);
      window
        .fetch(url, { headers: { Accept: "application/json" }, signal: current.signal })
        .then((response) => {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then((data) => {
          if (controller !== current) {
            return; // A newer search has started: this answer is stale.
          }
          controller = null;
          if (query !== currentQuery()) {
            return;
          }
          render(query, Array.isArray(data.results) ? data.results : []);
          if (then) {
            then();
          }
        })
        .catch(() => {
          if (controller === current) {
            // Offline or server error: no suggestions, the form still submits to the search page.
            controller = null;
            results = [];
            lastQuery = "";
            listbox.replaceChildren();
            close();
          }
        });
    }

    function currentQuery() {
      return input.value.trim();
    }

    function navigate(index) {
      const commune = results[index];
      if (commune && commune.url) {
        close();
        window.location.assign(commune.url);
      }
    }

    function move(step) {
      const count = results.length;
      if (count === 0) {
        return;
      }
      if (!isOpen()) {
        open();
        setActive(step > 0 ? 0 : count - 1);
        return;
      }
      let next = activeIndex + step;
      if (next >= count) {
        next = 0;
      } else if (next < 0) {
        next = count - 1;
      }
      setActive(next);
    }

    input.addEventListener("input", () => {
      const query = currentQuery();
      cancelPending();
      setActive(-1);
      if (query.length < MIN_LENGTH) {
        reset();
        return;
      }
      debounceTimer = window.setTimeout(() => {
        search(query);
      }, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", (event) => {
      if (event.isComposing) {
        return;
      }
      switch (event.key) {
        case "ArrowDown":
        case "ArrowUp": {
          event.preventDefault();
          const step = event.key === "ArrowDown" ? 1 : -1;
          const query = currentQuery();
          if (query === lastQuery && !debounceTimer && !controller) {
            move(step);
          } else if (query.length >= MIN_LENGTH) {
            // Suggestions not there yet (typing just stopped): ask now rather than after the pause.
            search(query, () => move(step));
          }
          break;
        }
        case "Enter":
          if (isOpen() && activeIndex >= 0) {
            event.preventDefault();
            navigate(activeIndex);
          } else {
            cancelPending();
            close(); // No choice made: the form goes to the search page.
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
          } else if (input.value) {
            event.preventDefault();
            input.value = "";
            reset();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", () => {
      close();
    });

    // Keep the focus in the field when an option is pressed, so that blur does not close the list first.
    listbox.addEventListener("mousedown", (event) => {
      event.preventDefault();
    });

    listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role='option']");
      if (option) {
        navigate(Array.prototype.indexOf.call(options(), option));
      }
    });

    // Coming back with the browser's back button restores the page from cache: start with the list closed.
    window.addEventListener("pageshow", (event) => {
      if (event.persisted) {
        cancelPending();
        close();
        announce("");
      }
    });
  }

  function init() {
    document.querySelectorAll("form[data-autocomplete-url]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

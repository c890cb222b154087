/* dateline web page and HTML report: timeline, filters, map.
 *
 * One script for three modes, read from the JSON script element with id "dateline-config":
 *   "server": rows are paged from the JSON API (/api/events), the map asks for one large page;
 *   "report": rows, sources and the outline are embedded in the JSON element "dateline-data" (no requests);
 *   "event":  one event page, only its small map.
 * Security: article text is untrusted, so every value reaches the page through textContent or DOM
 * attributes, never innerHTML; links are only made from http(s) URLs.
 */
(function () {
  "use strict";

  // ACLED's event types, in ACLED's own order, each with a colour; other types get a stable grey-ish hue.
  var TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2e86c1",
    "Riots": "#b7950b",
    "Strategic developments": "#138d75",
    "Political interaction": "#5d6d7e"
  };
  var PRECISION_LABEL = { 1: "day", 2: "week", 3: "month+" };
  var PAGE = 100;          // rows per request in server mode (the API allows up to 500)
  var MAP_PAGE = 500;      // the map asks for the largest page the API allows
  var POPUP_ROWS = 8;      // events listed in one map popup before "and N more"
  var FIT_MAX_ZOOM = 6;    // fitting the map to one town must still show its region and borders
  var FOCUS_MIN_EVENTS = 10;  // below this many located events the map simply fits them all

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var config = readJson("dateline-config") || { mode: "server" };
  var embedded = readJson("dateline-data");

  function colour(type) {
    if (TYPE_COLOURS[type]) { return TYPE_COLOURS[type]; }
    var hash = 0;
    for (var i = 0; i < (type || "").length; i++) { hash = (hash * 31 + type.charCodeAt(i)) | 0; }
    return "hsl(" + (Math.abs(hash) % 360) + ", 35%, 45%)";
  }

  // el("span", {className: "x", title: "..."}, "text", childNode...) — text children become text nodes.
  function el(tag, props) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "dataset") {
        Object.keys(props.dataset).forEach(function (k) { node.dataset[k] = props.dataset[k]; });
      } else { node[key] = props[key]; }
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) { continue; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function safeHref(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url.trim()) ? url.trim() : null;
  }

  function chip(type) {
    var node = el("span", { className: "chip", title: type }, type || "event");
    node.style.setProperty("--c", colour(type));
    return node;
  }

  function intervalLabel(interval) {
    if (!interval || !interval.start) { return "…"; }
    if (interval.start === interval.end) { return interval.start; }
    if (interval.granularity === "month") { return interval.start.slice(0, 7); }
    if (interval.granularity === "year") { return interval.start.slice(0, 4); }
    return interval.start + "…" + interval.end;
  }

  // ------------------------------------------------------------------ filters

  var form = document.getElementById("filters");
  var FIELDS = ["q", "place", "actor", "type", "since", "until"];

  function readFilters() {
    var f = {};
    if (!form) { return f; }
    FIELDS.forEach(function (name) {
      var value = (form.elements[name].value || "").trim();
      if (value) { f[name] = value; }
    });
    f.background = form.elements.background.checked;
    return f;
  }

  function writeFilters(params) {
    if (!form) { return; }
    FIELDS.forEach(function (name) { form.elements[name].value = params.get(name) || ""; });
    form.elements.background.checked = params.get("background") !== "false";
  }

  function toQuery(f) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (f[name]) { params.set(name, f[name]); } });
    if (f.background === false) { params.set("background", "false"); }
    return params;
  }

  function fillTypeOptions(types) {
    if (!form) { return; }
    var select = form.elements.type;
    var have = {};
    Array.prototype.forEach.call(select.options, function (o) { have[o.value] = true; });
    types.forEach(function (type) {
      if (type && !have[type]) { select.appendChild(el("option", { value: type }, type)); have[type] = true; }
    });
  }

  function fillDatalist(id, values) {
    var list = document.getElementById(id);
    if (!list) { return; }
    var have = {};
    Array.prototype.forEach.call(list.options, function (o) { have[o.value] = true; });
    values.forEach(function (v) { if (v && !have[v]) { list.appendChild(el("option", { value: v })); have[v] = true; } });
  }

  // ------------------------------------------------------------------ data sources

  function fetchJson(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) { throw new Error((body && body.message) || response.statusText); }
        return body;
      });
    });
  }

  function serverSource() {
    var api = config.api || "/api";
    return {
      page: function (f, offset, limit) {
        var params = toQuery(f);
        params.set("offset", String(offset));
        params.set("limit", String(limit));
        return fetchJson(api + "/events?" + params.toString());
      },
      control: function (place) {
        return fetchJson(api + "/control?place=" + encodeURIComponent(place));
      },
      outline: function () { return fetchJson(api + "/outline.geojson"); },
      eventHref: function (id) { return (config.eventUrl || "/events/") + encodeURIComponent(id); }
    };
  }

  function rowMatches(row, f) {
    function has(haystack, needle) { return (haystack || "").toLowerCase().indexOf(needle.toLowerCase()) >= 0; }
    if (f.background === false && row.background) { return false; }
    if (f.type && row.event_type !== f.type) { return false; }
    if (f.place && !(has(row.place, f.place) || has(row.admin1, f.place) || has(row.country, f.place))) { return false; }
    if (f.actor && !row.actors.some(function (a) { return has(a, f.actor); })) { return false; }
    if ((f.since || f.until) && !row.start) { return false; }
    if (f.since && row.end < f.since) { return false; }
    if (f.until && row.start > f.until) { return false; }
    if (f.q) {
      var text = [row.summary, row.place, row.event_type, row.sub_event_type].concat(row.actors).join(" ");
      var words = f.q.split(/\s+/);
      for (var i = 0; i < words.length; i++) { if (!has(text, words[i])) { return false; } }
    }
    return true;
  }

  function reportSource(data) {
    return {
      page: function (f, offset, limit) {
        var rows = data.rows.filter(function (row) { return rowMatches(row, f); });
        return Promise.resolve({ items: rows.slice(offset, offset + limit), total: rows.length });
      },
      control: null,
      outline: function () { return Promise.resolve(data.outline); },
      eventHref: null
    };
  }

  // ------------------------------------------------------------------ timeline

  var timeline = document.getElementById("timeline");
  var months = document.getElementById("months");
  var state = { offset: 0, total: 0, lastMonth: null, filters: {}, loading: false, generation: 0 };

  function monthKey(row) { return row.start ? row.start.slice(0, 7) : "undated"; }

  function monthHeader(key) {
    var id = "m-" + key;
    var label = key === "undated" ? "Undated" : new Date(key + "-01T00:00:00Z").toLocaleDateString(
      "en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
    var select = months.querySelector("select");
    if (!select) {
      select = el("select", { ariaLabel: "jump to month", title: "jump to month" }, el("option", { value: "" }, "Jump to month…"));
      select.addEventListener("change", function () {
        var target = document.getElementById(select.value);
        if (target) { target.scrollIntoView({ block: "start" }); }
      });
      months.appendChild(select);
    }
    select.appendChild(el("option", { value: id }, label));
    return el("li", { className: "month", id: id }, label);
  }

  // "2017-10-09..2017-10-15" reads as "2017-10-09–15": the column stays narrow and the range stays exact.
  function shortDate(row) {
    var label = row.date_label || "undated";
    var parts = label.split("..");
    if (parts.length !== 2) { return label; }
    if (parts[0].slice(0, 8) === parts[1].slice(0, 8)) { return parts[0] + "–" + parts[1].slice(8); }
    if (parts[0].slice(0, 5) === parts[1].slice(0, 5)) { return parts[0] + "–" + parts[1].slice(5); }
    return parts[0] + "–" + parts[1];
  }

  function whenCell(row) {
    return el("div", { className: "when" },
      el("span", { className: "date", title: row.date_label }, shortDate(row)),
      el("span", { className: "badge p" + (row.precision || 0), title: "date precision" },
        PRECISION_LABEL[row.precision] || "undated"),
      row.date_inferred ? el("span", { className: "badge inferred", title: "date inferred" }, "inferred") : null);
  }

  function rowItem(row, source) {
    var href = source.eventHref ? source.eventHref(row.id) : null;
    var summary = href ? el("a", { className: "summary", href: href }, row.summary)
      : el("button", { className: "summary linklike", type: "button" }, row.summary);
    var meta = el("div", { className: "meta" },
      row.place ? el("span", { className: "place", title: [row.admin1, row.country].filter(Boolean).join(", ") }, row.place) : null,
      row.actors.length ? el("span", { className: "actors" }, row.actors.join(" · ")) : null,
      row.sub_event_type ? el("span", { className: "sub" }, row.sub_event_type) : null);
    var item = el("li", { className: "row" + (row.background ? " bg" : ""), id: "event-" + row.id, dataset: { id: row.id } },
      whenCell(row),
      el("div", { className: "what" }, chip(row.event_type), summary, meta),
      el("div", { className: "src", title: (row.outlets || []).join(", ") || "sources" },
        String(row.sources), el("small", {}, row.sources === 1 ? " source" : " sources")));
    if (!href) { summary.addEventListener("click", function () { toggleSources(item, row); }); }
    return item;
  }

  function sourceItem(source) {
    var href = safeHref(source.url);
    return el("li", { className: "source" },
      el("div", { className: "source-head" },
        el("span", { className: "outlet" }, source.outlet || "unknown outlet"),
        el("span", { className: "reported" }, "reported " + source.reported),
        href ? el("a", { className: "title", href: href, rel: "noopener noreferrer nofollow", target: "_blank" },
          source.title || href) : (source.title ? el("span", { className: "title" }, source.title) : null)),
      el("p", { className: "context" }, source.before, el("mark", { className: "evidence" }, source.evidence), source.after));
  }

  function toggleSources(item, row) {
    var open = item.querySelector(".sources");
    if (open) { open.remove(); return; }
    var sources = (embedded && embedded.sources && embedded.sources[row.id]) || [];
    item.querySelector(".what").appendChild(el("ol", { className: "sources" }, ...sources.map(sourceItem)));
  }

  function appendRows(rows, source) {
    rows.forEach(function (row) {
      var key = monthKey(row);
      if (key !== state.lastMonth) { timeline.appendChild(monthHeader(key)); state.lastMonth = key; }
      timeline.appendChild(rowItem(row, source));
    });
    fillTypeOptions(rows.map(function (r) { return r.event_type; }));
    fillDatalist("place-names", rows.map(function (r) { return r.place; }));
    fillDatalist("actor-names", [].concat.apply([], rows.map(function (r) { return r.actors; })));
  }

  function showCount() {
    var shown = Math.min(state.offset, state.total);
    document.getElementById("count").textContent =
      state.total + (state.total === 1 ? " event" : " events") + (shown < state.total ? " (showing " + shown + ")" : "");
    document.getElementById("more").hidden = shown >= state.total;
  }

  function showError(message) {
    timeline.replaceChildren(el("li", { className: "error", role: "alert" }, message));
    document.getElementById("count").textContent = "error";
  }

  function loadMore(source) {
    if (state.loading || (state.offset >= state.total && state.offset > 0)) { return Promise.resolve(); }
    state.loading = true;
    var generation = state.generation;
    return source.page(state.filters, state.offset, PAGE).then(function (page) {
      if (generation !== state.generation) { return; }
      state.total = page.total;
      state.offset += page.items.length;
      appendRows(page.items, source);
      if (!page.items.length && state.offset === 0) {
        timeline.appendChild(el("li", { className: "empty" }, "No events match these filters."));
      }
      showCount();
    }).catch(function (err) { showError(String(err.message || err)); })
      .finally(function () { state.loading = false; });
  }

  function reload(source, map) {
    state = { offset: 0, total: 0, lastMonth: null, filters: readFilters(), loading: false, generation: state.generation + 1 };
    timeline.replaceChildren();
    months.replaceChildren();
    var done = loadMore(source);
    if (map) { map.update(state.filters); }
    showControl(source, state.filters.place);
    return done;
  }

  function showControl(source, place) {
    var box = document.getElementById("control");
    if (!box) { return; }
    box.hidden = true;
    box.replaceChildren();
    if (!place || !source.control) { return; }
    source.control(place).then(function (answer) {
      if (!answer.steps.length) { return; }
      box.appendChild(el("h3", {}, "Control of " + place));
      box.appendChild(el("ol", {}, ...answer.steps.map(function (step) {
        return el("li", {},
          el("span", { className: "date" }, intervalLabel(step.since) + " → " + (step.until && step.until.start ? intervalLabel(step.until) : "present")),
          " ", el("strong", {}, step.controller ? step.controller.name : "contested / unknown"),
          " ", el("span", { className: "badge" }, step.change),
          " ", el("span", { className: "muted" }, step.citations.length + " cited"));
      })));
      box.hidden = false;
    }).catch(function () { /* control history is a bonus: the timeline stays usable without it */ });
  }

  // ------------------------------------------------------------------ map

  function graticule(map) {
    var lines = [];
    for (var lon = -180; lon <= 180; lon += 15) { lines.push([[-85, lon], [85, lon]]); }
    for (var lat = -75; lat <= 75; lat += 15) { lines.push([[lat, -180], [lat, 180]]); }
    L.polyline(lines, { pane: "outline", color: "#9aa7b4", weight: 0.5, opacity: 0.6, interactive: false }).addTo(map);
  }

  function baseMap(node, outlineSource) {
    var map = L.map(node, { worldCopyJump: false, minZoom: 1, maxZoom: config.tiles ? 18 : 11, zoomSnap: 0.5 });
    if (config.tiles) {
      L.tileLayer(config.tiles, { maxZoom: 18, attribution: config.tilesAttribution || "" }).addTo(map);
    } else {
      node.classList.add("offline");
      // The outline gets its own pane under the markers' overlay pane (z-index 400), so markers stay on top
      // whenever the outline arrives, and land, borders and graticule keep the order they are added in.
      map.createPane("outline").style.zIndex = 350;
      graticule(map);
      outlineSource().then(function (outline) {
        L.geoJSON(outline, {
          pane: "outline",
          interactive: false,
          style: function (feature) {
            return feature.properties.kind === "land"
              ? { color: "#8d99a6", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 }
              : { color: "#98a4b0", weight: 0.9, dashArray: "4 3", fill: false };
          }
        }).addTo(map);
      }).catch(function () { /* graticule only */ });
    }
    map.setView([25, 20], 2);
    return map;
  }

  function groupByPlace(rows) {
    var groups = {};
    rows.forEach(function (row) {
      if (row.lat === null || row.lon === null || row.lat === undefined) { return; }
      var key = row.lat.toFixed(3) + "," + row.lon.toFixed(3);
      (groups[key] = groups[key] || []).push(row);
    });
    return Object.keys(groups).map(function (k) { return groups[k]; });
  }

  function dominantType(rows) {
    var counts = {};
    rows.forEach(function (r) { counts[r.event_type] = (counts[r.event_type] || 0) + 1; });
    return Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; })[0];
  }

  function popup(rows, source) {
    var list = el("ul", { className: "popup-list" });
    rows.slice(0, POPUP_ROWS).forEach(function (row) {
      var href = source.eventHref ? source.eventHref(row.id) : "#event-" + row.id;
      list.appendChild(el("li", { className: row.background ? "bg" : "" },
        el("span", { className: "date" }, row.date_label), " ", chip(row.event_type), " ",
        el("a", { href: href, className: "summary" }, row.summary)));
    });
    if (rows.length > POPUP_ROWS) { list.appendChild(el("li", { className: "muted" }, "and " + (rows.length - POPUP_ROWS) + " more")); }
    return el("div", { className: "popup" }, el("strong", {}, rows[0].place || "?"), list);
  }

  // One chip per event type on the map, with how many of the mapped events it has.
  function legend(rows) {
    var node = document.getElementById("legend");
    if (!node) { return; }
    var counts = {};
    rows.forEach(function (r) { counts[r.event_type] = (counts[r.event_type] || 0) + 1; });
    node.replaceChildren(...Object.keys(counts).sort().map(function (type) {
      var item = chip(type);
      item.appendChild(el("span", { className: "n" }, " " + counts[type]));
      return item;
    }));
  }

  // The initial view frames where most events are: with many events, the 10th-90th percentile box of
  // their coordinates (so one far-off or mis-placed event does not zoom the map out to the whole world).
  function focusBounds(rows, all) {
    var located = rows.filter(function (r) { return r.lat !== null && r.lat !== undefined; });
    if (located.length < FOCUS_MIN_EVENTS) { return all; }
    function percentile(values, q) {
      values.sort(function (a, b) { return a - b; });
      return values[Math.min(values.length - 1, Math.floor(q * values.length))];
    }
    var lats = located.map(function (r) { return r.lat; });
    var lons = located.map(function (r) { return r.lon; });
    return [[percentile(lats.slice(), 0.1), percentile(lons.slice(), 0.1)],
            [percentile(lats.slice(), 0.9), percentile(lons.slice(), 0.9)]];
  }

  function eventMap(node, source) {
    var map = baseMap(node, source.outline);
    var layer = L.layerGroup().addTo(map);
    var note = document.getElementById("map-note");

    function draw(rows, total) {
      layer.clearLayers();
      var groups = groupByPlace(rows);
      var bounds = [];
      groups.forEach(function (group) {
        var marker = L.circleMarker([group[0].lat, group[0].lon], {
          radius: Math.min(22, 5 + 2.5 * Math.sqrt(group.length)), color: "#ffffff", weight: 1.2,
          fillColor: colour(dominantType(group)), fillOpacity: group.every(function (r) { return r.background; }) ? 0.45 : 0.9
        });
        marker.bindPopup(popup(group, source), { maxWidth: 360 });
        marker.bindTooltip(group[0].place + " · " + group.length + (group.length === 1 ? " event" : " events"));
        marker.addTo(layer);
        bounds.push([group[0].lat, group[0].lon]);
      });
      if (bounds.length) { map.fitBounds(focusBounds(rows, bounds), { padding: [40, 40], maxZoom: FIT_MAX_ZOOM }); }
      legend(rows);
      if (note) {
        var located = rows.filter(function (r) { return r.lat !== null && r.lat !== undefined; }).length;
        note.textContent = located + " of " + total + " events located" + (config.tiles ? "" : " · offline outline map");
      }
    }

    return {
      map: map,
      update: function (f) {
        return source.page(f, 0, MAP_PAGE).then(function (page) { draw(page.items, page.total); })
          .catch(function () { if (note) { note.textContent = "map unavailable"; } });
      },
      draw: draw
    };
  }

  // ------------------------------------------------------------------ start

  function showStats() {
    var node = document.getElementById("stats");
    if (!node || config.mode !== "server") { return; }
    fetchJson((config.api || "/api") + "/stats").then(function (stats) {
      var parts = Object.keys(stats).filter(function (k) { return typeof stats[k] === "number"; })
        .slice(0, 4).map(function (k) { return stats[k] + " " + k.replace(/_/g, " "); });
      node.textContent = parts.join(" · ");
    }).catch(function () { /* stats are decoration */ });
  }

  function startTimeline(source) {
    fillTypeOptions(Object.keys(TYPE_COLOURS));
    if (config.mode === "server") { writeFilters(new URLSearchParams(window.location.search)); }
    var mapNode = document.getElementById("map");
    var map = mapNode ? eventMap(mapNode, source) : null;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (config.mode === "server") {
        var query = toQuery(readFilters()).toString();
        window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
      }
      reload(source, map);
    });
    form.addEventListener("reset", function () { window.setTimeout(function () { form.requestSubmit(); }, 0); });
    var more = document.getElementById("more");
    more.addEventListener("click", function () { loadMore(source); });
    if ("IntersectionObserver" in window) {
      new IntersectionObserver(function (entries) {
        if (entries[0].isIntersecting && !more.hidden) { loadMore(source); }
      }).observe(more);
    }
    reload(source, map).then(function () { document.body.dataset.ready = "true"; });
  }

  function startEventPage() {
    var node = document.getElementById("map");
    var rows = config.rows || [];
    var source = { outline: serverSource().outline, eventHref: null, page: null };
    var map = baseMap(node, source.outline);
    Array.prototype.forEach.call(document.querySelectorAll(".chip[data-type]"), function (node) {
      node.style.setProperty("--c", colour(node.dataset.type));
    });
    rows.filter(function (r) { return r.lat !== null && r.lat !== undefined; }).forEach(function (row) {
      L.circleMarker([row.lat, row.lon], { radius: 8, color: "#fff", weight: 1.5, fillColor: colour(row.event_type), fillOpacity: 0.9 })
        .bindTooltip(row.place).addTo(map);
      map.setView([row.lat, row.lon], 6);
    });
    document.body.dataset.ready = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (config.mode === "event") { startEventPage(); return; }
    showStats();
    startTimeline(config.mode === "report" ? reportSource(embedded) : serverSource());
  });
})();

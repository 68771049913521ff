// The live preview's page: new renderings arrive by server-sent events and replace the
// content in place, keeping the reader where they were; arrows step through the slides;
// P opens the presenter view (this slide, the next, its notes, a clock).
"use strict";

const content = document.getElementById("content");
const presenter = document.getElementById("presenter");
let current = null; // the id of the slide the reader is on
let started = null; // when the presenter view's clock started

const slides = () => Array.from(content.querySelectorAll("article.slide"));

function fitFrames() {
  // The quiz sheet and key are their own documents (srcdoc): as tall as their pages.
  for (const frame of content.querySelectorAll("iframe")) {
    const fit = () => {
      const doc = frame.contentDocument;
      if (doc && doc.body && doc.body.scrollHeight) frame.style.height = doc.body.scrollHeight + 24 + "px";
    };
    frame.addEventListener("load", fit);
    fit();
  }
}

function topSlide() {
  // The slide at the top of the window, and how far its top stands from the window's top.
  const bar = content.querySelector(".bar");
  const edge = bar ? bar.getBoundingClientRect().bottom : 0;
  for (const s of slides()) {
    const box = s.getBoundingClientRect();
    // Past the bar by more than a sliver: a slide scrolled to sits just under the bar.
    if (box.bottom > edge + 40) return { id: s.id, offset: box.top };
  }
  return null;
}

function markCurrent(id) {
  current = id;
  for (const s of slides()) s.classList.toggle("current", s.id === id);
  if (!presenter.hidden) drawPresenter();
}

function replace(html, version) {
  const place = topSlide();
  const scrolledPast = window.scrollY;
  // Until the new sheet and key have loaded, they keep the old ones' heights: the page does not jump.
  const heights = Array.from(content.querySelectorAll("iframe"), (frame) => frame.style.height);
  content.innerHTML = html;
  content.querySelectorAll("iframe").forEach((frame, i) => {
    if (heights[i]) frame.style.height = heights[i];
  });
  content.dataset.version = String(version);
  fitFrames();
  const again = place && document.getElementById(place.id);
  if (again) {
    window.scrollBy(0, again.getBoundingClientRect().top - place.offset);
  } else {
    window.scrollTo(0, scrolledPast);
  }
  markCurrent(current && document.getElementById(current) ? current : place && place.id);
}

function step(by) {
  const all = slides();
  if (!all.length) return;
  let at = all.findIndex((s) => s.id === current);
  at = Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + by));
  markCurrent(all[at].id);
  if (presenter.hidden) all[at].scrollIntoView({ block: "start" });
}

function drawPresenter() {
  const all = slides();
  const at = Math.max(0, all.findIndex((s) => s.id === current));
  const main = content.querySelector("main");
  if (main) presenter.style.setProperty("--deck-width", main.style.getPropertyValue("--deck-width"));
  const now = all[at];
  const next = all[at + 1];
  presenter.querySelector(".now").replaceChildren(...(now ? [now.querySelector(".card").cloneNode(true)] : []));
  presenter.querySelector(".next").replaceChildren(
    ...(next ? [next.querySelector(".card").cloneNode(true)] : [document.createTextNode("(the last slide)")])
  );
  const notes = now ? now.querySelector(".notes").cloneNode(true) : document.createElement("div");
  presenter.querySelector(".notes").replaceWith(notes);
  presenter.querySelector(".planned").textContent = now ? "this slide: " + now.dataset.length : "";
}

function tick() {
  if (started === null) return;
  const s = Math.floor((Date.now() - started) / 1000);
  presenter.querySelector(".elapsed").textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
}

function togglePresenter() {
  presenter.hidden = !presenter.hidden;
  if (!presenter.hidden) {
    if (!current && slides().length) markCurrent(slides()[0].id);
    if (started === null) started = Date.now();
    drawPresenter();
    tick();
  }
}

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === "ArrowRight" || event.key === "PageDown" || (event.key === " " && !presenter.hidden)) {
    step(1);
  } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
    step(-1);
  } else if (event.key === "p" || event.key === "P") {
    togglePresenter();
  } else if (event.key === "Escape" && !presenter.hidden) {
    togglePresenter();
  } else if ((event.key === "r" || event.key === "R") && !presenter.hidden) {
    started = Date.now();
    tick();
  } else {
    return;
  }
  event.preventDefault();
});

window.addEventListener("scroll", () => {
  if (!presenter.hidden) return;
  const place = topSlide();
  if (place && place.id !== current) markCurrent(place.id);
}, { passive: true });

setInterval(tick, 1000);
fitFrames();
const first = topSlide();
if (first) markCurrent(first.id);

const events = new EventSource("/events");
events.addEventListener("update", (event) => {
  const update = JSON.parse(event.data);
  if (update.look !== content.dataset.look) {
    // A style sheet under templates/ changed: fetch the style sheets again (the content comes below).
    for (const link of document.querySelectorAll("link[rel=stylesheet]")) {
      link.href = link.href.replace(/v=[^&]*/, "v=" + update.look);
    }
    content.dataset.look = update.look;
  }
  if (update.version !== content.dataset.version) replace(update.html, update.version);
});

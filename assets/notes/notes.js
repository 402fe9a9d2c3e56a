// The notes page's script: connects to the app through QWebChannel, wires each code
// block's Apply / Run button to the `bridge` object and shows the result under the block,
// gives immediate feedback on quiz answers (and tells the bridge, which passes them on to
// whoever keeps the learner's progress), hands lab links to the app, and draws the live
// figures from the cluster, again each time the bridge says the cluster moved.
"use strict";

var kubelab = {
  ready: false, // true once the buttons talk to the app
  restored: false, // true once remembered answers and the reading place are back
  bridge: null,

  setTheme: function (dark) {
    var link = document.getElementById("theme");
    var href = "qrc:/assets/notes/notes-" + (dark ? "dark" : "light") + ".css";
    if (link.getAttribute("href") !== href)
      link.setAttribute("href", href);
  },

  showResult: function (block, button, result) {
    var box = block.querySelector(".code-result");
    var status = document.createElement("div");
    status.className = "status";
    var applied = button.dataset.action === "apply";
    status.textContent = result.ok
      ? (applied ? "\u2713 Applied to the cluster" : "\u2713 Ran in the cluster")
      : "\u2717 Failed";
    box.replaceChildren(status);
    if (result.output) {
      var pre = document.createElement("pre");
      pre.textContent = result.output.replace(/\n$/, "");
      box.appendChild(pre);
    }
    box.className = "code-result " + (result.ok ? "ok" : "error");
    box.hidden = false;
  },

  // Quiz state for this page: quiz index -> {first: choice picked first, right: bool}.
  quizzes: {},

  chapterId: function () {
    var article = document.querySelector("article");
    return article ? article.dataset.chapter || "" : "";
  },

  answer: function (quiz, item) {
    var index = Number(quiz.dataset.quiz);
    var choice = Number(item.dataset.choice);
    var right = item.dataset.right === "1";
    var first = !(index in kubelab.quizzes);
    if (first)
      kubelab.quizzes[index] = { first: choice, right: right };
    kubelab.mark(quiz, item, right, first);
    if (kubelab.bridge && kubelab.bridge.quizAnswered)
      kubelab.bridge.quizAnswered(kubelab.chapterId(), index, choice, right);
  },

  // Shows a choice as picked, with its explanation and the feedback line.
  mark: function (quiz, item, right, first) {
    quiz.querySelectorAll(".quiz-choice").forEach(function (li) {
      li.classList.remove("picked");
    });
    item.classList.add("picked", right ? "right" : "wrong");
    item.querySelector(".quiz-why").hidden = false;
    if (right) {
      quiz.classList.add("solved");
      quiz.querySelectorAll(".quiz-why").forEach(function (why) { why.hidden = false; });
      quiz.querySelectorAll(".quiz-choice[data-right='1']").forEach(function (li) {
        li.classList.add("right");
      });
    }
    var feedback = quiz.querySelector(".quiz-feedback");
    feedback.textContent = right
      ? (first ? "\u2713 Right, first time." : "\u2713 Right. Every choice is explained above.")
      : "\u2717 Not this one: read why, then try another choice.";
    feedback.className = "quiz-feedback " + (right ? "ok" : "error");
    feedback.hidden = false;
    kubelab.showScore();
  },

  // An answer remembered from an earlier visit (bridge.savedAnswers), shown again.
  restoreAnswer: function (a) {
    var quiz = document.querySelector(".quiz[data-quiz='" + Number(a.quiz) + "']");
    var item = quiz && quiz.querySelector(".quiz-choice[data-choice='" + Number(a.choice) + "']");
    if (!item)
      return; // the chapter changed since: that answer no longer has a place
    kubelab.quizzes[a.quiz] = { first: a.firstChoice, right: a.firstRight };
    kubelab.mark(quiz, item, item.dataset.right === "1", a.firstChoice === a.choice);
  },

  // Tells the app how far down the learner has read, a moment after scrolling stops.
  trackScroll: function () {
    var timer = null;
    window.addEventListener("scroll", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var range = document.documentElement.scrollHeight - window.innerHeight;
        var position = range > 0 ? Math.min(1, Math.max(0, window.scrollY / range)) : 1;
        kubelab.bridge.scrolled(kubelab.chapterId(), position);
      }, 400);
    });
  },

  // "n of m answered, k right first time" under the last quiz of the page.
  showScore: function () {
    var all = document.querySelectorAll(".quiz");
    if (!all.length)
      return;
    var score = document.getElementById("quiz-score");
    if (!score) {
      score = document.createElement("p");
      score.id = "quiz-score";
      all[all.length - 1].after(score);
    }
    var answered = 0, right = 0;
    Object.keys(kubelab.quizzes).forEach(function (k) {
      answered++;
      if (kubelab.quizzes[k].right)
        right++;
    });
    score.textContent = answered + " of " + all.length + " answered, " + right +
      " right at the first try.";
  },

  // Live figures: each asks the bridge for its drawing (the figure's data attributes are
  // its spec); a figure still waiting for an answer is not asked again.
  drawFigures: function () {
    document.querySelectorAll("figure.live").forEach(function (figure) {
      if (figure.dataset.busy === "1")
        return;
      figure.dataset.busy = "1";
      var spec = {};
      ["figure", "selector", "object", "namespace"].forEach(function (key) {
        if (figure.dataset[key] !== undefined)
          spec[key] = figure.dataset[key];
      });
      var drawing = figure.querySelector(".live-drawing");
      spec.width = Math.floor(drawing.clientWidth);
      kubelab.bridge.liveFigure(spec, function (result) {
        figure.dataset.busy = "0";
        if (drawing.innerHTML !== result.svg)
          drawing.innerHTML = result.svg;
        figure.querySelector(".live-stamp").textContent = result.stamp;
        figure.dataset.drawn = String(Number(figure.dataset.drawn || 0) + 1);
      });
    });
  },

  act: function (button) {
    var block = button.closest(".code-block");
    var call = button.dataset.action === "apply" ? kubelab.bridge.apply : kubelab.bridge.run;
    button.disabled = true;
    call(button.dataset.source, function (result) {
      button.disabled = false;
      kubelab.showResult(block, button, result);
      kubelab.drawFigures();
    });
  }
};

document.addEventListener("DOMContentLoaded", function () {
  // Quizzes work before (and without) the channel: their state lives in the page.
  document.querySelectorAll(".quiz").forEach(function (quiz) {
    quiz.querySelectorAll(".quiz-choice").forEach(function (item) {
      item.querySelector(".quiz-pick").addEventListener("click", function () {
        kubelab.answer(quiz, item);
      });
    });
  });
  document.querySelectorAll("a.lab-link").forEach(function (a) {
    a.addEventListener("click", function (event) {
      event.preventDefault();
      if (kubelab.bridge)
        kubelab.bridge.openLab(a.getAttribute("href").slice(4));
    });
  });
  // A glossary term is not a link: a click does nothing; pointing at it or focusing it
  // opens its definition, moved left if it would leave the page on the right.
  document.querySelectorAll(".term").forEach(function (term) {
    term.addEventListener("click", function (event) { event.preventDefault(); });
    var open = function () {
      term.classList.add("open");
      var def = term.querySelector(".term-def");
      if (!def)
        return;
      def.style.left = "0";
      var overflow = def.getBoundingClientRect().right -
        (document.documentElement.clientWidth - 8);
      if (overflow > 0)
        def.style.left = -overflow + "px";
    };
    var close = function () { term.classList.remove("open"); };
    term.addEventListener("mouseenter", open);
    term.addEventListener("focusin", open);
    term.addEventListener("mouseleave", close);
    term.addEventListener("focusout", close);
  });
  new QWebChannel(qt.webChannelTransport, function (channel) {
    kubelab.bridge = channel.objects.bridge;
    document.querySelectorAll("button.code-action").forEach(function (button) {
      button.addEventListener("click", function () { kubelab.act(button); });
    });
    document.body.classList.add("connected");
    kubelab.drawFigures();
    kubelab.bridge.clusterMoved.connect(kubelab.drawFigures);
    // Drawn to the column's width: a window resized wider or narrower redraws them.
    var resizing = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(kubelab.drawFigures, 150);
    });
    kubelab.ready = true;
    // The learner's earlier answers and reading place, from the progress file.
    var id = kubelab.chapterId();
    kubelab.bridge.savedAnswers(id, function (answers) {
      answers.forEach(kubelab.restoreAnswer);
      kubelab.bridge.savedPosition(id, function (position) {
        if (position > 0) {
          var range = document.documentElement.scrollHeight - window.innerHeight;
          window.scrollTo(0, position * range);
        }
        kubelab.trackScroll();
        kubelab.restored = true;
      });
    });
  });
});

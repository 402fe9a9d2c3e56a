// The notes page's script: connects to the app through QWebChannel, wires each code
// block's Apply / Run button to the `bridge` object and shows the result under the block.
"use strict";

var kubelab = {
  ready: false, // true once the buttons talk to the app
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

  act: function (button) {
    var block = button.closest(".code-block");
    var call = button.dataset.action === "apply" ? kubelab.bridge.apply : kubelab.bridge.run;
    button.disabled = true;
    call(button.dataset.source, function (result) {
      button.disabled = false;
      kubelab.showResult(block, button, result);
    });
  }
};

document.addEventListener("DOMContentLoaded", function () {
  new QWebChannel(qt.webChannelTransport, function (channel) {
    kubelab.bridge = channel.objects.bridge;
    document.querySelectorAll("button.code-action").forEach(function (button) {
      button.addEventListener("click", function () { kubelab.act(button); });
    });
    document.body.classList.add("connected");
    kubelab.ready = true;
  });
});

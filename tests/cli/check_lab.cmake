# Runs the real kubelab-sim binary's lab commands: exit statuses, and errors placed at
# file:line:column. Invoked by CTest with -DSIM=<binary> -DSRC=<source dir>.
set(work "${CMAKE_CURRENT_BINARY_DIR}/cli_lab")
file(MAKE_DIRECTORY "${work}")

include(${CMAKE_CURRENT_LIST_DIR}/expect_run.cmake)

file(WRITE "${work}/bad-check.yaml" "id: bad\ntitle: Bad\nchapter: a/b\nminutes: 1\nsteps:\n"
  "  - instruction: x\n    check: count(pods) = 1\n    hints: [h]\n    solution: time\n"
  "debrief: d\n")

expect_run("lab list" 0 "fail-controller-manager" ${SIM} lab list)
expect_run("lab show by ID" 0 "Prediction: Four replicas" ${SIM} lab show sched-requests)
expect_run("lab show by file" 0 "Step 3" ${SIM} lab show "${SRC}/lessons/fail-kubelet.yaml")
# Without the solutions no check holds: exit 1.
expect_run("lab run" 1 "NOT PASSED" ${SIM} lab run sched-requests)
expect_run("lab run --solution" 0 "    [x] Three, one on each worker" ${SIM} lab run sched-requests --solution)
# The AWS lab: a load balancer's listener and its certificate, checked through records.
expect_run("aws lab run" 1 "NOT PASSED" ${SIM} lab run aws-cert-expiry)
expect_run("aws lab run --solution" 0 "    [x] No: the ARN is the same" ${SIM} lab run aws-cert-expiry --solution)
expect_run("lab run --json" 0 "\"traceSha256\"" ${SIM} lab run fail-scheduler --solution --json)
expect_run("malformed lab" 2 "bad-check.yaml:7:24: use == to compare" ${SIM} lab run "${work}/bad-check.yaml")
expect_run("unknown lab" 2 "cannot read lab \"no-such-lab\"" ${SIM} lab run no-such-lab)
expect_run("unknown lab command" 2 "unknown lab command \"start\"" ${SIM} lab start x)
expect_run("help names lab" 0 "kubelab-sim lab run FILE|ID [--solution] [--json]" ${SIM} help)

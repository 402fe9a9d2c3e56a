# Runs the real kubelab-sim binary: exit statuses and error placement of the shell
# contract. Invoked by CTest with -DSIM=<binary> -DSRC=<source dir>.
set(work "${CMAKE_CURRENT_BINARY_DIR}/cli_shell_exit_status")
file(MAKE_DIRECTORY "${work}")

include(${CMAKE_CURRENT_LIST_DIR}/expect_run.cmake)

file(WRITE "${work}/good.sh" "kubectl get nodes\ntime\n")
file(WRITE "${work}/bad.sh" "kubectl get pods nope\nkubectl get nodes\n")
file(WRITE "${work}/bad-cluster.yaml" "controlPlanes: 1\nworkers:\n  - count: 2\n    capasity: {}\n")
file(WRITE "${work}/even-cluster.yaml" "controlPlanes: 2\n")
file(WRITE "${work}/cluster.yaml"
  "controlPlanes: 3\nworkers:\n  - prefix: gpu\n    count: 2\n    capacity: {cpu: \"8\", memory: 32Gi}\n"
  "    labels: {accelerator: nvidia}\n    taints: [{key: gpu, value: \"true\", effect: NoSchedule}]\n")

expect_run("version" 0 "kubelab-sim" ${SIM} version)
expect_run("good script" 0 "worker-3" ${SIM} shell -f "${work}/good.sh")
expect_run("failing command" 1 "pods \"nope\" not found" ${SIM} shell -f "${work}/bad.sh")
# The shell went on after the failure and still printed the nodes.
expect_run("goes on after failure" 1 "control-plane" ${SIM} shell -f "${work}/bad.sh")
expect_run("unknown field in cluster file" 2 "bad-cluster.yaml:4:5: workers[0]: unknown field \"capasity\""
           ${SIM} shell --cluster "${work}/bad-cluster.yaml" -f "${work}/good.sh")
expect_run("even control plane" 2 "must be 1, 3 or 5"
           ${SIM} shell --cluster "${work}/even-cluster.yaml" -f "${work}/good.sh")
expect_run("custom topology" 0 "gpu-2"
           ${SIM} shell --cluster "${work}/cluster.yaml" -f "${work}/good.sh")
expect_run("missing script" 2 "cannot read script" ${SIM} shell -f "${work}/nope.sh")
expect_run("bad seed" 2 "invalid seed" ${SIM} shell --seed x -f "${work}/good.sh")

# `bench lifecycle --digest`: the same seed gives the same trace, another seed another
# (the scheduler breaks ties between the identical workers at random).
function(bench_digest seed out_var)
  execute_process(COMMAND ${SIM} bench lifecycle --nodes 3 --pods 6 --seed ${seed} --digest
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
  string(REGEX MATCH "\"trace_sha256\":\"([0-9a-f]+)\"" found "${out}")
  if(NOT status EQUAL 0 OR NOT found)
    message(FATAL_ERROR "bench digest (seed ${seed}): status ${status}\n${out}${err}")
  endif()
  set(${out_var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
endfunction()
bench_digest(1 first)
bench_digest(1 again)
bench_digest(2 other)
if(NOT first STREQUAL again)
  message(FATAL_ERROR "bench digest: seed 1 gave ${first}, then ${again}")
endif()
if(first STREQUAL other)
  message(FATAL_ERROR "bench digest: seeds 1 and 2 gave the same trace ${first}")
endif()
message(STATUS "bench digest: ok")

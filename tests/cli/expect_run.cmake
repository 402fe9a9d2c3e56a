# expect_run(<name> <exit status> <text> <command>...): runs the command and fails the
# script unless it exits with that status and its output (standard output and error
# together) contains the text. Included by the CLI check scripts.
function(expect_run name expected_status expected_text)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err
                  TIMEOUT 120)
  if(NOT status EQUAL expected_status)
    message(FATAL_ERROR "${name}: exit status ${status}, expected ${expected_status}\n${out}${err}")
  endif()
  string(FIND "${out}${err}" "${expected_text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${name}: output lacks \"${expected_text}\":\n${out}${err}")
  endif()
  message(STATUS "${name}: ok")
endfunction()

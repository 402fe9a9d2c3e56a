# ctest -P script: builds one probe target of tests/layering (an object file compiled
# against a layer's include view) and checks the outcome. EXPECT is "builds" or "fails"; a
# failure must be the missing header HEADER, not some other error.
#   cmake -DBUILD_DIR=... -DPROBE=target -DEXPECT=builds|fails [-DHEADER=engine/x/y.h] -P
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${PROBE}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(EXPECT STREQUAL "builds")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROBE} should build but failed:\n${out}${err}")
  endif()
elseif(EXPECT STREQUAL "fails")
  if(rc EQUAL 0)
    message(FATAL_ERROR "${PROBE} built, but it includes a layer its layer must not see")
  endif()
  string(FIND "${out}${err}" "${HEADER}: No such file or directory" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${PROBE} failed, but not for the missing ${HEADER}:\n${out}${err}")
  endif()
else()
  message(FATAL_ERROR "EXPECT must be builds or fails")
endif()

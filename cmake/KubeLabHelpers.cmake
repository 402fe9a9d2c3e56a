# One helper per kind of target keeps each module's CMakeLists.txt to a few lines.

# kubelab_engine_layer(<layer> [DEPENDS <layer>...] [LIBRARIES <library>...])
# Called from engine/<layer>/CMakeLists.txt: builds the layer's sources into the static
# library kubelab_<layer>, linked to the layers it DEPENDS on (and to external LIBRARIES).
# The layer compiles against an include view of its own: build/layers/<layer>/engine/
# holds a link to its own folder and to the folders of every layer below it (DEPENDS and
# theirs), nothing else, so `#include "engine/<upper>/x.h"` from a layer fails to build
# ("No such file or directory") instead of waiting for a review to notice. Layers above
# the engine (cli, app, bench, tests) link kubelab_engine and see everything.
function(kubelab_engine_layer layer)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "DEPENDS;LIBRARIES")
  set(sees ${layer})
  foreach(dep ${arg_DEPENDS})
    get_property(dep_sees GLOBAL PROPERTY KUBELAB_LAYER_SEES_${dep})
    if(NOT dep_sees)
      message(FATAL_ERROR "engine layer ${layer}: DEPENDS ${dep}, which is not defined yet "
        "(engine/CMakeLists.txt adds layers from the bottom up)")
    endif()
    list(APPEND sees ${dep_sees})
  endforeach()
  list(REMOVE_DUPLICATES sees)
  set_property(GLOBAL PROPERTY KUBELAB_LAYER_SEES_${layer} ${sees})

  set(view ${CMAKE_BINARY_DIR}/layers/${layer})
  file(REMOVE_RECURSE ${view})
  foreach(seen ${sees})
    file(MAKE_DIRECTORY ${view}/engine)
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/engine/${seen} ${view}/engine/${seen} SYMBOLIC)
  endforeach()
  # The view alone, for the layering tests' probes (tests/layering).
  add_library(kubelab_${layer}_view INTERFACE)
  target_include_directories(kubelab_${layer}_view INTERFACE ${view})

  file(GLOB_RECURSE sources CONFIGURE_DEPENDS
    ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h)
  add_library(kubelab_${layer} STATIC ${sources})
  set_target_properties(kubelab_${layer} PROPERTIES AUTOMOC OFF AUTORCC OFF AUTOUIC OFF)
  target_link_libraries(kubelab_${layer} PRIVATE kubelab_${layer}_view)
  foreach(dep ${arg_DEPENDS})
    target_link_libraries(kubelab_${layer} PUBLIC kubelab_${dep})
  endforeach()
  target_link_libraries(kubelab_${layer} PUBLIC ${arg_LIBRARIES})
  set_property(GLOBAL APPEND PROPERTY KUBELAB_ENGINE_LAYERS ${layer})
endfunction()

# kubelab_engine_test(<source>): a Qt Test executable that links the engine alone.
function(kubelab_engine_test source)
  get_filename_component(name ${source} NAME_WE)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE kubelab_engine Qt6::Core Qt6::Test)
  target_compile_definitions(${name} PRIVATE
    KUBELAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT 120)
endfunction()

# kubelab_app_test(<source>): a Qt Test executable for the GUI, run offscreen. The main
# window holds a Qt WebEngine view, so Chromium runs too: without its sandbox (it refuses
# one as root) and without a GPU.
function(kubelab_app_test source)
  get_filename_component(name ${source} NAME_WE)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE kubelab_app Qt6::Test)
  target_compile_definitions(${name} PRIVATE
    KUBELAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT 180 ENVIRONMENT "QT_QPA_PLATFORM=offscreen;\
QTWEBENGINE_DISABLE_SANDBOX=1;QTWEBENGINE_CHROMIUM_FLAGS=--disable-gpu")
endfunction()

# kubelab_webengine_test(<source>): a GUI test that renders Qt WebEngine pages and works
# with them. Chromium draws only on a real display, so it runs on a virtual X server
# (xvfb-run, from the xvfb package), without Chromium's sandbox and without a GPU.
function(kubelab_webengine_test source)
  find_program(KUBELAB_XVFB_RUN xvfb-run REQUIRED)
  get_filename_component(name ${source} NAME_WE)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE kubelab_app Qt6::Test)
  target_compile_definitions(${name} PRIVATE
    KUBELAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME ${name} COMMAND ${KUBELAB_XVFB_RUN} -a -s "-screen 0 1600x1000x24"
    $<TARGET_FILE:${name}>)
  set_tests_properties(${name} PROPERTIES TIMEOUT 60 ENVIRONMENT
    "QT_QPA_PLATFORM=xcb;QTWEBENGINE_DISABLE_SANDBOX=1;QTWEBENGINE_CHROMIUM_FLAGS=--disable-gpu")
endfunction()

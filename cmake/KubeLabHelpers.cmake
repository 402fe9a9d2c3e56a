# One helper per kind of target keeps each module's CMakeLists.txt to a few lines.

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

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

# kubelab_app_test(<source>): a Qt Test executable for the GUI, run offscreen.
function(kubelab_app_test source)
  get_filename_component(name ${source} NAME_WE)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE kubelab_app Qt6::Test)
  target_compile_definitions(${name} PRIVATE
    KUBELAB_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT 180
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endfunction()

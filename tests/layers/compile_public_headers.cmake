# Compiles every public header (core/include/zooscope/*.h) alone, twice in one
# translation unit, with core/include as the only project include folder: an
# installed header set must compile, so no public header may reach into a
# private folder of core/ or depend on an include it does not make itself.
#
# cmake -D CXX=<compiler> -D INCLUDE_DIR=<core/include> -D WORK_DIR=<dir> -P compile_public_headers.cmake
file(GLOB headers RELATIVE ${INCLUDE_DIR} ${INCLUDE_DIR}/zooscope/*.h)
if(NOT headers)
  message(FATAL_ERROR "no public headers under ${INCLUDE_DIR}/zooscope")
endif()
file(MAKE_DIRECTORY ${WORK_DIR})
set(failed)
foreach(header IN LISTS headers)
  string(MAKE_C_IDENTIFIER ${header} name)
  set(tu ${WORK_DIR}/${name}.cpp)
  file(WRITE ${tu} "#include \"${header}\"\n#include \"${header}\"  // twice: it must guard itself\n")
  execute_process(
    COMMAND ${CXX} -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror -I${INCLUDE_DIR} ${tu}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(rc EQUAL 0)
    message(STATUS "ok: ${header}")
  else()
    message(STATUS "FAILED: ${header} does not compile alone with only ${INCLUDE_DIR}:\n${out}")
    list(APPEND failed ${header})
  endif()
endforeach()
list(LENGTH headers total)
if(failed)
  message(FATAL_ERROR "public headers that do not compile alone: ${failed}")
endif()
message(STATUS "${total} public headers compile alone")

# Writes the man page and the completion scripts by asking the built patchflow, so that they
# always match the options it declares. Run as: cmake -DPATCHFLOW=<binary> -DOUT_DIR=<dir> -P ...
file(MAKE_DIRECTORY "${OUT_DIR}")
foreach(spec "man;patchflow.1" "completion;bash;patchflow.bash" "completion;zsh;_patchflow")
  list(POP_BACK spec out_name)
  execute_process(COMMAND "${PATCHFLOW}" ${spec} OUTPUT_FILE "${OUT_DIR}/${out_name}.tmp"
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "patchflow ${spec} failed (${status})")
  endif()
  file(RENAME "${OUT_DIR}/${out_name}.tmp" "${OUT_DIR}/${out_name}")
endforeach()
# `git help patchflow` (and `git patchflow --help`) open git-patchflow(1).
file(WRITE "${OUT_DIR}/git-patchflow.1" ".so man1/patchflow.1\n")

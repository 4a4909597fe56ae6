// No code: patchflow_pch exists to compile the precompiled header the libraries and the CLI
// reuse (tools/patchflow/CMakeLists.txt), and a target needs a source file.

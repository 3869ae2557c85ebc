# Turns a text file into a C++ source that defines `const std::string_view <NAME>` holding it,
# so that data such as the common-password list is part of the binary.
#   cmake -DINPUT=list.txt -DOUTPUT=list.cpp -DNAMESPACE=parley::chat -DNAME=kText -P embed_text.cmake
# Run at build time by parley_embed_text() (warnings.cmake), again whenever INPUT changes.
file(READ "${INPUT}" text)
set(delimiter "parley_embed")
string(FIND "${text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by cmake/embed_text.cmake; edit the text file instead.\n"
  "#include <string_view>\n"
  "namespace ${NAMESPACE} {\n"
  "extern const std::string_view ${NAME};\n"
  "const std::string_view ${NAME} = R\"${delimiter}(${text})${delimiter}\";\n"
  "}  // namespace ${NAMESPACE}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")

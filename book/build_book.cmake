# Builds the book (run by the `book` target as `cmake -P`):
#   1. runs Doxygen on a fresh html/ folder; any warning fails the build.
#      The pages are listed here, at build time, in file-name order (index.md
#      first, then 01-..., 02-...), so a page added to book/ needs no re-run of
#      cmake; and for each chapter page NN-slug.md the section page_NN is
#      enabled, so index.md can link a chapter only once its page exists:
#      \if page_04 [Convolution](04-conv-pool.md) \else coming \endif
#   2. copies the parts of the local MathJax 2 that the pages use into
#      html/mathjax (TeX input, SVG output with its TeX font, extensions);
#   3. checks that no page loads anything (MathJax above all) from the network.
# Inputs (-D): DOXYGEN, DOXYFILE, BOOK_DIR (book/ in the sources), HTML_DIR, MATHJAX_DIR.
foreach(var DOXYGEN DOXYFILE BOOK_DIR HTML_DIR MATHJAX_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "build_book.cmake: -D ${var}=... is required")
  endif()
endforeach()

# 1. Doxygen, from scratch: a page removed from book/ must not linger in html/,
# and every warning is printed again on every build.
file(GLOB pages LIST_DIRECTORIES false "${BOOK_DIR}/*.md")  # sorted by name
list(REMOVE_ITEM pages "${BOOK_DIR}/index.md")
set(sections "")
foreach(page ${pages})
  get_filename_component(name "${page}" NAME)
  if(name MATCHES "^([0-9][0-9])-")
    list(APPEND sections "page_${CMAKE_MATCH_1}")
  endif()
endforeach()
get_filename_component(run_doxyfile "${DOXYFILE}" DIRECTORY)
set(run_doxyfile "${run_doxyfile}/Doxyfile.run")
file(WRITE "${run_doxyfile}" "@INCLUDE = \"${DOXYFILE}\"\n")
if(pages)
  list(JOIN pages "\" \\\n    \"" input)
  list(JOIN sections " " sections)
  file(APPEND "${run_doxyfile}" "INPUT += \"${input}\"\nENABLED_SECTIONS = ${sections}\n")
endif()

file(REMOVE_RECURSE "${HTML_DIR}")
execute_process(COMMAND "${DOXYGEN}" "${run_doxyfile}"
                RESULT_VARIABLE status
                OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(out)
  message("${out}")
endif()
if(err)
  message("${err}")
endif()
if(NOT status EQUAL 0 OR err MATCHES "(warning|error):")
  message(FATAL_ERROR "the book has Doxygen warnings or errors (listed above): fix them "
                      "(a missing snippet marker, a broken \\ref, a bad command, a missing image)")
endif()

# 2. MathJax 2, only what the pages load (about 2 MB of the 50 MB package).
set(mj "${HTML_DIR}/mathjax")
file(MAKE_DIRECTORY "${mj}/jax/input" "${mj}/jax/output/SVG/fonts" "${mj}/localization")
file(COPY "${MATHJAX_DIR}/MathJax.js" "${MATHJAX_DIR}/extensions" DESTINATION "${mj}")
file(COPY "${MATHJAX_DIR}/jax/element" DESTINATION "${mj}/jax")
file(COPY "${MATHJAX_DIR}/jax/input/TeX" DESTINATION "${mj}/jax/input")
file(COPY "${MATHJAX_DIR}/jax/output/SVG/config.js" "${MATHJAX_DIR}/jax/output/SVG/jax.js"
          "${MATHJAX_DIR}/jax/output/SVG/autoload" DESTINATION "${mj}/jax/output/SVG")
file(COPY "${MATHJAX_DIR}/jax/output/SVG/fonts/TeX" DESTINATION "${mj}/jax/output/SVG/fonts")
if(EXISTS "${MATHJAX_DIR}/localization/en")
  file(COPY "${MATHJAX_DIR}/localization/en" DESTINATION "${mj}/localization")
endif()

# 3. Offline: no script, style sheet or image from the network, and MathJax
# loaded from html/mathjax wherever a page has a formula.
file(GLOB pages "${HTML_DIR}/*.html")
set(problems "")
foreach(page ${pages})
  file(READ "${page}" html)
  get_filename_component(name "${page}" NAME)
  if(html MATCHES "(src|href)=\"https?://[^\"]*[Mm][Aa][Tt][Hh][Jj][Aa][Xx]")
    string(APPEND problems "  ${name}: loads MathJax from the network\n")
  endif()
  if(html MATCHES "src=\"https?://")
    string(APPEND problems "  ${name}: loads a script or image from the network\n")
  endif()
  if(html MATCHES "\\\\[[(]" AND NOT html MATCHES "src=\"mathjax/MathJax.js")
    string(APPEND problems "  ${name}: has formulas but does not load mathjax/MathJax.js\n")
  endif()
endforeach()
if(problems)
  message(FATAL_ERROR "the book would need the network:\n${problems}")
endif()
list(LENGTH pages count)
message(STATUS "book: ${count} pages in ${HTML_DIR}, open ${HTML_DIR}/index.html")

import FuzzSupport
import Glibc

// libFuzzer calls fuzzCSVChunks with each input; see its file for what is checked.
exit(runFuzzer(fuzzCSVChunks))

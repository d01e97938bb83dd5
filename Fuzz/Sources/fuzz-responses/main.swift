import FuzzSupport
import Glibc

// libFuzzer calls fuzzResponses with each input; see its file for what is checked.
exit(runFuzzer(fuzzResponses))

import FuzzSupport
import Glibc

// libFuzzer calls fuzzResources with each input; see its file for what is checked.
exit(runFuzzer(fuzzResources))

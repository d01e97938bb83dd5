import ArgumentParser
import Recommend
import Reports

/// `--lang vi|en`.
extension Language: ExpressibleByArgument {}

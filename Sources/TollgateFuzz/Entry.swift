import Foundation

#if FUZZING
    /// libFuzzer's entry: `swift build --product TollgateFuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING
    /// -Xswiftc -parse-as-library` (scripts/fuzz).
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        guard let data else { return 0 }
        FuzzTarget.run(Array(UnsafeBufferPointer(start: data, count: count)))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzer(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's `main` to `<target>_main`; here it hands over to libFuzzer's driver.
    @_cdecl("TollgateFuzz_main")
    public func fuzzMain(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    ) -> CInt {
        var count = argc
        var arguments = argv
        return runFuzzer(&count, &arguments) { data, size in fuzzOne(data, size) }
    }
#else
    /// Without libFuzzer: runs the inputs of the files or folders given (a corpus, or a crash to reproduce).
    @main
    struct Replay {
        static func main() throws {
            var count = 0
            for path in CommandLine.arguments.dropFirst() {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
                let files =
                    isFolder.boolValue
                    ? try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { path + "/" + $0 }
                    : [path]
                for file in files {
                    FuzzTarget.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                    count += 1
                }
            }
            print("replayed \(count) inputs")
        }
    }
#endif

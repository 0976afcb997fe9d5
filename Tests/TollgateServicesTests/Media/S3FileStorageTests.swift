import Foundation
import Testing

@testable import TollgateServices

/// The S3-compatible file store: SigV4 signing checked against AWS's published example.
@Suite struct S3FileStorageTests {
    /// AWS "Signature Version 4 — GET Object" example (examplebucket, /test.txt, Range: bytes=0-9).
    @Test func signatureMatchesTheAWSExample() {
        let authorization = S3FileStorage.authorization(
            method: "GET", path: "/test.txt", query: "",
            headers: [
                ("host", "examplebucket.s3.amazonaws.com"), ("range", "bytes=0-9"),
                ("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                ("x-amz-date", "20130524T000000Z"),
            ],
            payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            amzDate: "20130524T000000Z",
            region: "us-east-1", accessKeyID: "AKIAIOSFODNN7EXAMPLE", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        )
        #expect(
            authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    /// `s3.*` from the environment picks the S3 store; the secret never from a file; a bucket is required.
    @Test func settingsComeFromTheEnvironment() throws {
        let configuration = try Configuration.load(environment: [
            "TOLLGATE_S3_ENDPOINT": "http://127.0.0.1:9000", "TOLLGATE_S3_BUCKET": "results",
            "TOLLGATE_S3_ACCESS_KEY_ID": "AKIA", "TOLLGATE_S3_SECRET": "s3cr3t",
        ])
        #expect(
            configuration.s3
                == S3Settings(
                    endpoint: "http://127.0.0.1:9000", bucket: "results", region: "us-east-1", accessKeyID: "AKIA",
                    secret: "s3cr3t"))
        #expect(Configuration().s3 == nil)
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(environment: ["TOLLGATE_S3_ENDPOINT": "http://127.0.0.1:9000"])
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tollgate-\(UUID().uuidString).json")
        try Data(#"{"s3": {"endpoint": "http://127.0.0.1:9000", "bucket": "b", "secret": "in-a-file"}}"#.utf8).write(
            to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(flags: ["config": file.path], environment: [:])
        }
    }
}

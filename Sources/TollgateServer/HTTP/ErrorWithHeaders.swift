import HTTPTypes
import Hummingbird
import TollgateServices

/// An error on its way to an error middleware, with header fields its rendered answer must carry.
struct ErrorWithHeaders: Error {
    var error: any Error
    var headers: HTTPFields

    /// The underlying error, unwrapped from any number of layers.
    static func unwrap(_ error: any Error) -> any Error {
        var error = error
        while let wrapped = error as? ErrorWithHeaders { error = wrapped.error }
        return error
    }

    /// Copies the headers carried by `error` (if any) onto `response`, keeping those already set.
    static func copyHeaders(of error: any Error, to response: inout Response) {
        var error = error
        while let wrapped = error as? ErrorWithHeaders {
            for field in wrapped.headers where response.headers[field.name] == nil { response.headers.append(field) }
            error = wrapped.error
        }
    }
}

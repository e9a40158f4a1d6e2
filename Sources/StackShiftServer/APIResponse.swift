import Foundation
import HTTPTypes
import Hummingbird

/// JSON responses, encoded one way for every endpoint: sorted keys, ISO 8601 dates.
enum APIResponse {
    /// The encoder every response uses: one for the server's life, since its options never change and
    /// Foundation's encoder is safe to share between requests.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// `value` as a JSON response; a value that cannot be encoded (never expected) answers 500.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        guard let data = try? encoder.encode(value) else {
            return Response(status: .internalServerError)
        }
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

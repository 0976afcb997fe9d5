import TollgateCore

extension ReplicateModel {
    /// Music and speech models.
    static let audio: [ReplicateModel] = [
        // meta/musicgen (community: pinned version): `prompt`, `duration`, `model_version`,
        // `output_format` wav/mp3, `seed`. `stereo-large` is the text-only stereo model (the
        // `melody` variants want an input melody Tollgate does not take).
        ReplicateModel(
            slug: "musicgen", version: "671ac645ce5e552cc63a54a2bbff63fcf798043055d2dac5fc9e36a837eedcfb",
            input: { input throws(ProviderFailure) in
                try input.prompt()
                input.copy("duration")
                input.set("model_version", "stereo-large")
                input.copy("format", as: "output_format")
                input.copy("seed")
            },
            shape: { input in Shape(durationSeconds: input.integer("duration").map(Double.init)) }),
        // minimax/speech-02-turbo: `text`, `voice_id`, `speed`. It answers mp3 and has no format
        // field, so the `format` param is not sent.
        ReplicateModel(
            slug: "minimax-tts",
            input: { input throws(ProviderFailure) in
                if input.string("text")?.isEmpty == false {
                    input.copy("text")
                } else {
                    try input.prompt(as: "text")
                }
                input.copy("voice_id")
                input.copy("speed")
            }),
    ]
}

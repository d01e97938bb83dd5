import MasteryData

extension AnswerRecord {
    /// The answers of student `index` of a loaded answers file, in their order, by id: what a
    /// caller that read a responses CSV with `MasteryData` passes to ``Recommender/state(after:from:)``.
    /// A question tagged with several skills is one answer.
    public static func answers(ofStudent index: Int, in data: ResponseData) -> [AnswerRecord] {
        data.answerRows(ofStudent: index).map { rows in
            AnswerRecord(skillIds: rows.map { data.skillIds[Int(data.rowSkill[$0])] },
                         itemId: data.hasItems ? data.itemIds[Int(data.rowItem[rows.lowerBound])] : nil,
                         outcome: Double(data.rowOutcome[rows.lowerBound]),
                         time: data.hasTimestamps ? data.rowTime[rows.lowerBound] : nil)
        }
    }
}

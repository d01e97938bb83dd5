import MasteryData

extension Curriculum {
    /// Grade 6 mathematics (Toán 6) of Vietnam's 2018 general-education programme: 45 skills in
    /// the programme's order, topics as its strands, and a prerequisite DAG a teacher would
    /// recognise (4 roots, 66 edges). Resources point at a placeholder library host
    /// (`thuvien.example.edu.vn`) on purpose: the links are illustrations, not real material.
    public static let vietnameseGrade6Math: Curriculum = {
        let outline: [(name: String, topic: String, prerequisites: [Int])] = [
            // Số tự nhiên
            ("Tập hợp", natural, []),
            ("Cách ghi số tự nhiên", natural, [1]),
            ("Thứ tự trong tập hợp các số tự nhiên", natural, [1, 2]),
            ("Phép cộng và phép trừ số tự nhiên", natural, [2, 3]),
            ("Phép nhân và phép chia số tự nhiên", natural, [4]),
            ("Lũy thừa với số mũ tự nhiên", natural, [5]),
            ("Thứ tự thực hiện các phép tính", natural, [5, 6]),
            ("Quan hệ chia hết và tính chất", natural, [5]),
            ("Dấu hiệu chia hết cho 2, cho 5", natural, [2, 8]),
            ("Dấu hiệu chia hết cho 3, cho 9", natural, [8]),
            ("Số nguyên tố", natural, [9, 10]),
            ("Phân tích một số ra thừa số nguyên tố", natural, [6, 11]),
            ("Ước chung lớn nhất", natural, [8, 12]),
            ("Bội chung nhỏ nhất", natural, [12, 13]),
            // Số nguyên
            ("Số nguyên âm", integer, [3]),
            ("Thứ tự trong tập hợp các số nguyên", integer, [3, 15]),
            ("Phép cộng và phép trừ số nguyên", integer, [4, 16]),
            ("Quy tắc dấu ngoặc", integer, [7, 17]),
            ("Phép nhân và phép chia hết hai số nguyên", integer, [5, 17]),
            // Hình học trực quan
            ("Tam giác đều, hình vuông, lục giác đều", visualGeometry, []),
            ("Hình chữ nhật, hình thoi, hình bình hành, hình thang cân", visualGeometry, [20]),
            ("Chu vi và diện tích của một số tứ giác đã học", visualGeometry, [5, 21]),
            ("Trục đối xứng", visualGeometry, [20, 21]),
            ("Tâm đối xứng", visualGeometry, [23]),
            // Phân số
            ("Phân số bằng nhau", fraction, [13, 19]),
            ("So sánh phân số", fraction, [14, 25]),
            ("Hỗn số", fraction, [26]),
            ("Phép cộng và phép trừ phân số", fraction, [14, 26]),
            ("Phép nhân và phép chia phân số", fraction, [19, 28]),
            ("Hai bài toán về phân số", fraction, [29]),
            // Số thập phân
            ("Số thập phân", decimal, [25]),
            ("Tính toán với số thập phân", decimal, [17, 31]),
            ("Làm tròn và ước lượng", decimal, [2, 31]),
            ("Tỉ số và tỉ số phần trăm", decimal, [30, 32]),
            // Hình học phẳng
            ("Điểm, đường thẳng", planeGeometry, []),
            ("Điểm nằm giữa hai điểm. Tia", planeGeometry, [35]),
            ("Đoạn thẳng. Độ dài đoạn thẳng", planeGeometry, [4, 36]),
            ("Trung điểm của đoạn thẳng", planeGeometry, [5, 37]),
            ("Góc", planeGeometry, [36]),
            ("Số đo góc", planeGeometry, [39]),
            // Thống kê và xác suất
            ("Thu thập và phân loại dữ liệu", statistics, []),
            ("Bảng thống kê và biểu đồ tranh", statistics, [41]),
            ("Biểu đồ cột", statistics, [3, 42]),
            ("Kết quả có thể và sự kiện trong trò chơi, thí nghiệm", statistics, [41]),
            ("Xác suất thực nghiệm", statistics, [25, 44]),
        ]
        func id(_ number: Int) -> String {
            number < 10 ? "T6.0\(number)" : "T6.\(number)"
        }
        func slug(_ number: Int) -> String {
            number < 10 ? "t6-0\(number)" : "t6-\(number)"
        }
        let library = "https://thuvien.example.edu.vn/toan6"

        var skills = SkillCatalog()
        var prerequisites: [PrerequisiteGraph.Edge] = []
        var resources: [[Resource]] = []
        for (offset, entry) in outline.enumerated() {
            let number = offset + 1
            skills.add(id: id(number), name: entry.name, subject: "Toán", grade: "6", topic: entry.topic)
            for prerequisite in entry.prerequisites {
                prerequisites.append(PrerequisiteGraph.Edge(prerequisite: prerequisite - 1, skill: offset))
            }
            var material = [Resource(title: "Bài giảng: \(entry.name)", url: "\(library)/bai-giang/\(slug(number))")]
            // Every other skill also has an exercise sheet, so resources vary between one and two.
            if number % 2 == 1 {
                material.append(Resource(title: "Phiếu bài tập: \(entry.name)", url: "\(library)/bai-tap/\(slug(number))"))
            }
            resources.append(material)
        }
        do {
            return try Curriculum(skills: skills, prerequisites: prerequisites, resources: resources)
        } catch {
            preconditionFailure("the built-in grade 6 curriculum is invalid: \(error)")
        }
    }()
}

private let natural = "Số tự nhiên"
private let integer = "Số nguyên"
private let visualGeometry = "Hình học trực quan"
private let fraction = "Phân số"
private let decimal = "Số thập phân"
private let planeGeometry = "Hình học phẳng"
private let statistics = "Thống kê và xác suất"

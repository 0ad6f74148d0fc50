"""The hand-written part of the generator's vocabularies, most frequent first.

Each list is ranked: a word's place is its Zipf rank, so function words lead and news words
follow. Only letters (Latin and Arabic) and hyphens appear here: generated text must stay in the
form the HTML sanitizer leaves unchanged (text.PLAIN_WORD checks every word).
"""


def _words(text):
    return text.split()


ENGLISH = _words(
    """
the of and to a in that is for it on was with he as at by said be from his have has this are not but
an they which or had were their one been its will who would also more after new two there year than
other first when what about people over last some into government minister city week could them can
all we up out only three years percent country police state officials may while between since before
against during under because years told most told both where health president council local public
world former time million four national report support said several market children school plans
water security project region new economic workers prices oil company bank budget court law election
party ministry director committee according made many each next day many any should such well says
including should members group family area team early other second still high home part power used
long work later month months days number much own found held second set same just late around across
agreement meeting service services system program policy data growth plan rate trade energy price
record region officials sources statement announced expected least further increase decision issue
case cases end results process level increase hospital parliament talks development training
university students teachers patients doctors residents families farmers fishermen drivers traffic
road roads port airport flights weather rain heat summer winter season desert coast island village
capital border investment investors shares stocks exchange currency inflation loan loans debt
revenue spending tax taxes jobs salaries housing rent construction contract contracts tender tenders
ministry ministries authority agency agencies union federation league match final cup club coach
players season goal goals victory defeat draw stadium festival exhibition museum library theatre
film music book books artist writer research study studies scientists survey figures statistics
average total share network internet phone phones technology digital online platform users service
electricity supply demand production exports imports factory industry industries
"""
)

ARABIC = _words(
    """
في من على إلى أن التي الذي عن مع هذا هذه كان قال بعد كما بين ما لا قد هو هي عام العام وزير الوزير
الحكومة الدولة رئيس الرئيس مجلس المجلس اليوم أمس الأسبوع الماضي المقبل خلال حيث أيضا منذ حتى وفق
وفقا أكثر أقل نحو لدى عند كل بعض جميع وزارة الوزارة المدينة البلاد الكويت المنطقة الشرق الخليج
العربية الدول دول مشروع المشروع خطة الخطة الموازنة الميزانية الاقتصاد الاقتصادي النفط أسعار الأسعار
السوق البورصة الأسهم الشركة الشركات البنك البنوك المصارف التجارة الاستثمار التعليم المدارس الطلاب
المعلمين الجامعة الصحة المستشفى المرضى الأطباء العلاج الشرطة الأمن المحكمة القانون القضاء الانتخابات
النواب البرلمان اللجنة الجلسة المواطنين السكان الأسر العمال الموظفين الرواتب الإسكان المنازل البناء
العقود المناقصة الطرق الطريق المرور الميناء المطار الرحلات الطقس الأمطار الحرارة الصيف الشتاء الموسم
الصحراء الساحل الجزيرة القرية العاصمة الحدود المياه الكهرباء الطاقة الإنتاج الصادرات الواردات المصنع
الصناعة التقنية الإنترنت الهاتف المنصة المستخدمين الخدمات الخدمة النظام البرنامج السياسة البيانات
النمو المعدل الارتفاع الانخفاض الزيادة القرار القضية النتائج الاجتماع الاتفاق المحادثات التنمية
التدريب البحث الدراسة العلماء المسح الأرقام الإحصاءات المتوسط الإجمالي الحصة النسبة المباراة النهائي
الكأس النادي المدرب اللاعبين الهدف الأهداف الفوز الخسارة الملعب المهرجان المعرض المتحف المكتبة
المسرح الفيلم الموسيقى الكتاب الفنان الكاتب أعلن أعلنت أكد أكدت أشار أشارت أوضح أوضحت ذكر ذكرت قالت
يتوقع تتوقع يجب يمكن تم سيتم جرى يأتي تأتي يعمل تعمل بلغ بلغت وصل وصلت ارتفع ارتفعت انخفض انخفضت
مليون مليار دينار دولار بالمئة ألف ثلاثة أربعة خمسة الأول الثاني الثالث الأخير جديد جديدة كبير كبيرة
صغير صغيرة محلي محلية دولي دولية رسمي رسمية عامة خاصة
"""
)

ENGLISH_STEMS = _words(
    """
build report govern plan train develop invest export import produce supply manage elect regulate
reform protect connect design publish record market transport
"""
)

ENGLISH_SUFFIXES = ["s", "ed", "ing", "er", "ers", "ment", "ments", "ation", "al", "ly"]

ENGLISH_SYLLABLES = _words(
    """
al ba cor den fi gan hal ka lor man nor pel ri san tor ver wen zan
"""
)

ARABIC_STEMS = _words(
    """
مشروع قرار تقرير مستشفى مصنع ميناء مطار طريق سوق مدرسة جامعة شركة بنك مكتب برنامج مجلس معرض مهرجان
ملعب متحف
"""
)

ARABIC_PREFIXES = ["ال", "وال", "بال", "لل", "و", "ب", "ف"]

ARABIC_SUFFIXES = ["", "ات", "ها", "هم", "نا", "ين", "ية"]

ARABIC_SYLLABLES = _words(
    """
با تو جي دا را سو فا قي لو مي نا هو
"""
)

SECTIONS = [
    ("politics", "Politics", "سياسة"),
    ("economy", "Economy", "اقتصاد"),
    ("business", "Business", "أعمال"),
    ("markets", "Markets", "أسواق"),
    ("energy", "Energy", "طاقة"),
    ("world", "World", "العالم"),
    ("region", "Region", "المنطقة"),
    ("local", "Local", "محليات"),
    ("parliament", "Parliament", "مجلس الأمة"),
    ("courts", "Courts", "المحاكم"),
    ("crime", "Crime", "حوادث"),
    ("health", "Health", "صحة"),
    ("education", "Education", "تعليم"),
    ("science", "Science", "علوم"),
    ("technology", "Technology", "تكنولوجيا"),
    ("environment", "Environment", "بيئة"),
    ("weather", "Weather", "طقس"),
    ("transport", "Transport", "نقل"),
    ("housing", "Housing", "إسكان"),
    ("sport", "Sport", "رياضة"),
    ("football", "Football", "كرة القدم"),
    ("culture", "Culture", "ثقافة"),
    ("arts", "Arts", "فنون"),
    ("books", "Books", "كتب"),
    ("opinion", "Opinion", "رأي"),
    ("analysis", "Analysis", "تحليل"),
    ("interviews", "Interviews", "مقابلات"),
    ("society", "Society", "مجتمع"),
    ("religion", "Religion", "دين"),
    ("obituaries", "Obituaries", "وفيات"),
]

GIVEN_NAMES = [
    ("Ahmad", "أحمد"),
    ("Fatima", "فاطمة"),
    ("Khalid", "خالد"),
    ("Mariam", "مريم"),
    ("Yousef", "يوسف"),
    ("Noura", "نورة"),
    ("Ali", "علي"),
    ("Sara", "سارة"),
    ("Omar", "عمر"),
    ("Huda", "هدى"),
    ("Hassan", "حسن"),
    ("Layla", "ليلى"),
    ("Faisal", "فيصل"),
    ("Aisha", "عائشة"),
    ("Nasser", "ناصر"),
    ("Reem", "ريم"),
    ("Salem", "سالم"),
    ("Dana", "دانة"),
    ("Bader", "بدر"),
    ("Hind", "هند"),
    ("Jassim", "جاسم"),
    ("Lulwa", "لولوة"),
    ("Tariq", "طارق"),
    ("Amal", "أمل"),
    ("Waleed", "وليد"),
]

FAMILY_NAMES = [
    ("Al-Sabah", "الصباح"),
    ("Al-Mutairi", "المطيري"),
    ("Al-Ajmi", "العجمي"),
    ("Al-Enezi", "العنزي"),
    ("Al-Rashidi", "الرشيدي"),
    ("Al-Kandari", "الكندري"),
    ("Al-Shammari", "الشمري"),
    ("Al-Otaibi", "العتيبي"),
    ("Al-Hajri", "الهاجري"),
    ("Al-Fadhli", "الفضلي"),
    ("Al-Azmi", "العازمي"),
    ("Al-Dosari", "الدوسري"),
    ("Haddad", "حداد"),
    ("Khoury", "خوري"),
    ("Mansour", "منصور"),
    ("Saleh", "صالح"),
    ("Ibrahim", "إبراهيم"),
    ("Nasr", "نصر"),
    ("Karam", "كرم"),
    ("Taha", "طه"),
]

JOB_TITLES = [("Reporter", "مراسل"), ("Staff writer", "محرر"), ("Correspondent", "مراسل خاص"), ("Editor", "محرر أول")]

DATELINES = [
    ("Kuwait City", "مدينة الكويت"),
    ("Jahra", "الجهراء"),
    ("Ahmadi", "الأحمدي"),
    ("Dubai", "دبي"),
    ("Riyadh", "الرياض"),
    ("Doha", "الدوحة"),
    ("Manama", "المنامة"),
    ("Cairo", "القاهرة"),
]

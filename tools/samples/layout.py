"""The seven annex forms as printed: one table per annex, rows of cells with
widths in twips (the grid is the union of all cell edges, as Word builds it),
vertical merges, labels, value cells, option groups and blanks.

Option groups are written in a small notation that mirrors the printed text:
  ☐标签 / □标签   an option with its box (the label runs to the next blank,
                  box or brace)
  ~标签           an option printed without a box (附件2's 99.99%)
  {_}             the blank after 其他 (goes to <key>_other)
  {=key}          a blank for a number or text of another key
  [key]           a box standing for a numeric field (checked when filled)
Everything else is printed text.
"""

W = 9640  # table width: A4 (11906) less 2 x 1134 margins


class Opt:
    def __init__(self, key, opt, boxless=False):
        self.key, self.opt, self.boxless = key, opt, boxless


class Flag:
    def __init__(self, key):
        self.key = key


class Blank:
    def __init__(self, key, pad=4):
        self.key, self.pad = key, pad


class Lab:
    """A printed label. '\\n' separates paragraphs. `key` names the field it
    labels (hand edits address labels by key)."""

    def __init__(self, text, key=None, bold=False, align="center"):
        self.text, self.key, self.bold, self.align = text, key, bold, align


class Val:
    def __init__(self, key):
        self.key = key


class Opts:
    def __init__(self, paras, keys):
        self.paras, self.keys = paras, keys


class Prompt:
    """Printed instruction text standing where a value goes ('请在此处列出…');
    not data. `paras` are its paragraphs; `lead` empty paragraphs before it."""

    def __init__(self, key, paras, lead=0):
        self.key, self.paras, self.lead = key, paras, lead


class Static:
    """Printed text that is no field (declarations, signature lines)."""

    def __init__(self, paras, align="left", bold=False):
        self.paras, self.align, self.bold = paras, align, bold


class Cell:
    def __init__(self, width, content, vm=None, shade=None, text_dir=None):
        self.width, self.content, self.vm, self.shade = width, content, vm, shade
        self.text_dir = text_dir


class Row:
    def __init__(self, cells, height=454):
        self.cells, self.height = cells, height


class Block:
    """A run of table rows holding an array field. `cols` are (column id,
    width, spec): spec is a subkey, a tuple of subkeys typed together, or a
    token paragraph (list) with blanks for subkeys. `printed` are the rows as
    printed (column id -> text). `prefix` cells continue a vertical merge on
    the left. `example` marks printed rows that are examples (示例：)."""

    def __init__(self, key, cols, printed, prefix=None, example=False):
        self.key, self.cols, self.printed = key, cols, printed
        self.prefix = prefix or []
        self.example = example


class TotalRow:
    """The 合计 row under the activation sheet's host rows."""

    def __init__(self, key, cols):
        self.key, self.cols = key, cols


class Form:
    def __init__(self, fid, annex, title, box, rows, notes=(), after=()):
        self.id, self.annex, self.title, self.box = fid, annex, title, box
        self.rows, self.notes, self.after = rows, list(notes), list(after)


SPECIAL = "☐□~{["


def opts(key, text):
    """Parse the option notation into paragraphs of tokens."""
    paras = []
    keys = {key}
    for line in text.split("\n"):
        toks = []
        i = 0
        while i < len(line):
            c = line[i]
            if c in "☐□~":
                j = i + 1
                while j < len(line) and not line[j].isspace() and line[j] not in SPECIAL:
                    j += 1
                toks.append(Opt(key, line[i + 1:j], boxless=(c == "~")))
                i = j
            elif c == "{":
                j = line.index("}", i)
                inner = line[i + 1:j]
                pad = 4
                if ":" in inner:
                    inner, p = inner.split(":")
                    pad = int(p)
                k = key + "_other" if inner == "_" else inner[1:]
                keys.add(k)
                toks.append(Blank(k, pad))
                i = j + 1
            elif c == "[":
                j = line.index("]", i)
                k = line[i + 1:j]
                keys.add(k)
                toks.append(Flag(k))
                i = j + 1
            else:
                j = i
                while j < len(line) and line[j] not in SPECIAL:
                    j += 1
                toks.append(line[i:j])
                i = j
        paras.append(toks)
    return Opts(paras, keys)


def boxless(key, text):
    """An option row printed without boxes: words separated by blanks."""
    toks = []
    for part in _split_keep_spaces(text):
        if part.isspace():
            toks.append(part)
        elif part == "其他{_}":
            toks.append(Opt(key, "其他", boxless=True))
            toks.append(Blank(key + "_other", 4))
        else:
            toks.append(Opt(key, part, boxless=True))
    return Opts([toks], {key, key + "_other"})


def _split_keep_spaces(text):
    out, cur = [], ""
    for ch in text:
        if cur and (ch == " ") != (cur[-1] == " "):
            out.append(cur)
            cur = ""
        cur += ch
    if cur:
        out.append(cur)
    return out


# --- row helpers -------------------------------------------------------------

L1, V1, L2, V2 = 1800, 3020, 1800, 3020


def four(l1, v1, l2, v2, widths=(L1, V1, L2, V2), height=454):
    return Row([Cell(w, c) for w, c in zip(widths, (l1, v1, l2, v2))], height)


def two(l, v, widths=(L1, W - L1), height=454):
    return Row([Cell(widths[0], l), Cell(widths[1], v)], height)


def section(text, shade="F2F2F2"):
    return Row([Cell(W, Lab(text, bold=True, align="left"), shade=shade)], 454)


def sub(text):
    return Row([Cell(W, Lab(text, bold=True, align="left"))], 454)


def L(text, key=None):
    return Lab(text, key)


def V(key):
    return Val(key)


NOTES_12 = [
    "备注：1.按照“谁主管谁负责、谁运维谁负责、谁使用谁负责”的管理原则，信息系统部署到政务云后，安全管理责任主体不变，"
    "数据归属关系不变，安全管理标准不变。参照《信息安全技术 云计算服务安全指南》（GB/T 31167-2014），使用单位负责本单位"
    "自身业务和数据安全等方面的安全责任。云服务商负责政务云资源以及数据防篡改、防丢失的安全责任。淮北市数据资源管理局在"
    "网信部门指导下，会同公安部门加强政务云的安全监督管理。",
    "2. 基于使用单位的设备托管业务，云服务商负责设施层（主要包括采暖、通风、空调、电力、消防和网络通信等）和网络出口安全"
    "责任；其他网络安全责任由使用单位负责。",
    "3. *为必填项。必填项中如果不需要某项服务请填“0”。非必填项中如果没有填写，默认没有此项服务需求。填写过程中如有疑问"
    "可以咨询工作人员，咨询电话3112058、3198190。",
]


def contact_rows(box):
    return [
        four(L("*申请单位", "unit.name"), V("unit.name"), L("*申请时间", "applied_on"), V("applied_on")),
        two(L("单位地址", "unit.address"), V("unit.address")),
        four(L("*系统负责人", "owner.name"), V("owner.name"), L("工作部门", "owner.department"),
             V("owner.department")),
        four(L("职务/职称", "owner.title"), V("owner.title"), L("*办公电话", "owner.office_phone"),
             V("owner.office_phone")),
        four(L("*电子邮箱", "owner.email"), V("owner.email"), L("移动电话", "owner.mobile"), V("owner.mobile")),
        four(L("*维护单位/部门", "maintainer.name"), V("maintainer.name"), L("*维护单位性质", "maintainer.kind"),
             opts("maintainer.kind", f"{box}下属单位/部门  {box}委托外包单位")),
        four(L("*技术联系人", "tech_contact.name"), V("tech_contact.name"), L("办公电话", "tech_contact.office_phone"),
             V("tech_contact.office_phone")),
        four(L("*电子邮箱", "tech_contact.email"), V("tech_contact.email"), L("*移动电话", "tech_contact.mobile"),
             V("tech_contact.mobile")),
    ]


def bandwidth_rows(box, ip_label, ip=True, bw_label="带宽"):
    """The IP地址 / 带宽 pair of rows with their vertical merges."""
    bw_opts = f"{box}10M {box}20M {box}50M {box}100M {box}其他{{_}}"
    if ip:
        w = (L1, V1, 600, 1200, W - L1 - V1 - 1800)
        ipc = opts("ip.internet", f"[ip.internet]互联网公网地址{{=ip.internet}}个\n"
                                  f"[ip.egov]政务外网业务地址{{=ip.egov}}个")
        r1 = Row([Cell(w[0], L(ip_label, "ip.internet"), vm="restart"), Cell(w[1], ipc, vm="restart"),
                  Cell(w[2], L(bw_label, "bandwidth"), vm="restart"), Cell(w[3], L("专线", "bandwidth.dedicated")),
                  Cell(w[4], opts("bandwidth.dedicated", bw_opts))])
        r2 = Row([Cell(w[0], Static([""]), vm="continue"), Cell(w[1], Static([""]), vm="continue"),
                  Cell(w[2], Static([""]), vm="continue"), Cell(w[3], L("互联网出口", "bandwidth.internet")),
                  Cell(w[4], opts("bandwidth.internet", bw_opts))])
    else:
        w = (L1, 1500, W - L1 - 1500)
        r1 = Row([Cell(w[0], L(bw_label, "bandwidth"), vm="restart"), Cell(w[1], L("专线", "bandwidth.dedicated")),
                  Cell(w[2], opts("bandwidth.dedicated", bw_opts))])
        r2 = Row([Cell(w[0], Static([""]), vm="continue"), Cell(w[1], L("互联网出口", "bandwidth.internet")),
                  Cell(w[2], opts("bandwidth.internet", bw_opts))])
    return [r1, r2]


# --- 附件1 -------------------------------------------------------------------

HOST_W1 = [("name", 1500, "name"), ("cpu", 800, "cpu"), ("memory_gb", 800, "memory_gb"), ("os", 1500, "os"),
           ("system_disk_gb", 750, "system_disk_gb"), ("system_disk_type", 750, "system_disk_type"),
           ("data_disk_gb", 750, "data_disk_gb"), ("data_disk_type", 750, "data_disk_type"),
           ("zone", 1300, "zone"), ("count", 740, "count")]


def annex1():
    b = "☐"
    rows = contact_rows(b) + [
        section("一、信息系统基本情况（每个系统一份）"),
        four(L("*信息系统名称", "system.name"), V("system.name"), L("项目编号或\n项目代码", "system.project_code"),
             V("system.project_code")),
        four(L("*系统投资费用", "system.investment"), V("system.investment"), L("*系统上云类型", "system.onboarding"),
             opts("system.onboarding", f"{b}新建上云 {b}迁移上云 {b}机房托管")),
        two(L("*系统简介", "system.summary"), V("system.summary"), height=1200),
        four(L("*等级保护级别", "system.protection_level"),
             opts("system.protection_level", f"{b}一级 {b}二级 {b}三级 {b}未定级"),
             L("等保备案证明\n证书编号", "system.protection_cert"), V("system.protection_cert")),
        four(L("*承载网络\n（可多选）", "system.networks"),
             opts("system.networks", f"{b}政务外网  {b}互联网  \n{b}其他网络{{_:6}}"),
             L("*可用性要求", "system.availability"),
             opts("system.availability", f"{b}99% {b}99.9% {b}99.99% {b}其他{{_:5}}")),
        two(L("*系统类型", "system.category"),
            opts("system.category", f"{b}业务生产系统 {b}内部办公 {b}公众服务 {b}门户网站 {b}移动APP {b}视频系统 {b}其他{{_}}")),
        four(L("*系统服务对象", "system.audience"),
             opts("system.audience", f"{b}本单位人员 {b}本行业人员 {b}社会公众 {b}其他{{_:6}}"),
             L("*服务对象数量", "system.audience_size"), V("system.audience_size")),
        two(L("*系统服务范围", "system.scope"),
            opts("system.scope", f"{b}省本级 {b}省-市两级 {b}省-市-县三级 {b}国家-省-市-县四级  {b}其他{{_:6}}")),
        section("二、云资源需求描述"),
        four(L("*云服务商", "cloud.provider"), opts("cloud.provider", f"{b}电信 {b}移动 {b}联通"),
             L("*系统上云运行时限", "cloud.term"),
             opts("cloud.term", f"{b}长期运行 {b}临时运行{{=cloud.term_months:2}}个月")),
    ] + bandwidth_rows(b, "IP地址") + [
        four(L("数据库", "database"), opts("database", f"{b}达梦 {b}南大通用 {b}人大金仓 {b}其他{{_:6}}"),
             L("中间件", "middleware"), opts("middleware", f"{b}Weblogic {b}东方通 {b}其他{{_:5}}")),
        two(L("云负载均衡", "load_balancers"),
            opts("load_balancers.l4", "[load_balancers.l4]{=load_balancers.l4}个四层云负载均衡        "
                                      "[load_balancers.l7]{=load_balancers.l7}个七层云负载均衡")),
        sub("1、主机资源"),
        Row([Cell(1500, L("虚拟机名称")), Cell(800, L("CPU")), Cell(800, L("内存")), Cell(1500, L("操作系统版本")),
             Cell(1500, L("系统磁盘（GB）及类型")), Cell(1500, L("数据磁盘（GB）及类型")),
             Cell(1300, L("部署区域\n（单选）")), Cell(740, L("数量"))], 600),
        Block("hosts", HOST_W1, [{"name": "示例：\n应用服务器", "count": "1"},
                                 {"name": "示例：\n裸金属服务器", "count": "1"}], example=True),
        sub("2、存储资源"),
        Row([Cell(W, opts("storage.types", f"{b}SATA硬盘（默认）  {b}SAS硬盘  {b}SSD硬盘  {b}对象存储"))]),
        sub("3、机柜空间"),
        two(L("机房托管服务", "rack"),
            opts("rack.cabinets", "[rack.cabinets]{=rack.cabinets}个机柜   [rack.u1]{=rack.u1:3}台1U设备  "
                                  "[rack.u2]{=rack.u2:3}台2U设备  [rack.u4]{=rack.u4:3}台4U设备")),
        sub("4、安全及灾备服务"),
        two(L("增强安全技术服务", "security.enhanced"), V("security.enhanced")),
        Row([Cell(L1, L("备份服务", "backups"), vm="restart"), Cell(1400, L("备份类型")), Cell(2000, L("备份对象")),
             Cell(W - L1 - 3400, L("备份策略  "))]),
        Block("backups", [("type", 1400, "type"), ("object", 2000, "object"),
                          ("strategy", W - L1 - 3400, ["每", Blank("incremental_days", 3), "天一次增量备份，每",
                                                  Blank("full_days", 3), "天一次全量备份，最大保留",
                                                  Blank("retention_days", 3), "天"])],
              [{"type": "本地备份", "object": "示例：虚拟机名称"}],
              prefix=[Cell(L1, Static([""]), vm="continue")], example=True),
        section("三、其他需求"),
        Row([Cell(W, Prompt("other", ["填写系统部署入云的其他需求"]))], 900),
        Row([Cell(W, Static(["申请单位名称（盖章）：", "", "联系人（签字）：", "年  月  日        "], align="right"))],
            1400),
    ]
    return Form("request", 1, "淮北市政务云资源需求申请表", b, rows, notes=NOTES_12)


# --- 附件2 -------------------------------------------------------------------

DEV_W = [1800, 1600, 1200, 1640, 2000, 1400]


def annex2():
    b = "☐"
    rows = contact_rows(b) + [
        section("一、信息系统基本情况（每个系统一份）"),
        four(L("*信息系统名称", "system.name"), V("system.name"), L("项目编号或\n项目代码", "system.project_code"),
             V("system.project_code")),
        four(L("*系统投资费用", "system.investment"), V("system.investment"), L("*可用性要求", "system.availability"),
             opts("system.availability", f"{b}99% {b}99.9% ~99.99% {b}其他{{_:5}}")),
        two(L("*系统简介", "system.summary"), V("system.summary"), height=1200),
        two(L("*承载网络\n（可多选）", "system.networks"),
            opts("system.networks", f"{b}政务外网  {b}互联网  {b}其他网络{{_:6}}")),
        section("二、托管需求描述"),
        four(L("*云服务商", "cloud.provider"), opts("cloud.provider", f"{b}电信 {b}移动 {b}联通"),
             L("*系统上云运行时限", "cloud.term"),
             opts("cloud.term", f"{b}长期运行 {b}临时运行{{=cloud.term_months:2}}个月")),
    ] + bandwidth_rows(b, None, ip=False, bw_label="带宽需求") + [
        sub("1、设备托管清单"),
        Row([Cell(w, L(t)) for w, t in zip(DEV_W, ["设备名称", "设备类型", "设备U数", "设备额定功率", "部署区域", "数量"])]),
        Block("devices", list(zip(["name", "type", "units_u", "rated_power_w", "zone", "count"], DEV_W,
                                  ["name", "type", "units_u", "rated_power_w", "zone", "count"])),
              [{"name": "\nX网服务器", "count": "1"}, {}, {}, {}], example=True),
        sub("2、机柜托管清单"),
        Row([Cell(w, L(t)) for w, t in zip(DEV_W, ["机柜名称", "机柜类型", "机柜U数", "机柜功率", "部署区域", "数量"])]),
        Block("cabinets", list(zip(["name", "type", "units_u", "power_kw", "zone", "count"], DEV_W,
                                   ["name", "type", "units_u", "power_kw", "zone", "count"])),
              [{"name": "XXX机柜", "type": "网络"}, {"type": "标准"}, {}], example=True),
        section("三、其他需求"),
        Row([Cell(W, Prompt("other", ["填写系统部署入云的其他需求"], lead=1))], 900),
        Row([Cell(W, Static(["", "申请单位名称（盖章）："], align="left"))], 700),
        Row([Cell(W // 2, Static(["      联系人（签字）："])), Cell(W - W // 2, Static(["           年  月  日        "]))]),
    ]
    return Form("hosting-request", 2, "淮北市政务云资源需求申请表（托管）", b, rows, notes=NOTES_12)


# --- 附件3 / 附件6 -------------------------------------------------------------

CHG_W = [("ip", 1100, "ip"), ("cpumem_before", 1000, ("cpu_before", "memory_gb_before")),
         ("cpumem_after", 1000, ("cpu_after", "memory_gb_after")),
         ("system_disk_gb_before", 900, "system_disk_gb_before"),
         ("system_disk_gb_after", 1000, "system_disk_gb_after"),
         ("data_disk_gb_before", 900, "data_disk_gb_before"), ("data_disk_gb_after", 1000, "data_disk_gb_after"),
         ("disk_type", 900, "disk_type"), ("note", 1140, "note")]
CHG_HEAD = ["虚拟机IP", "CPU、内存", "CPU、内存\n（变更后）", "系统存储", "系统存储（变更后）", "数据存储",
            "数据存储\n（变更后）", "磁盘类型", "备注"]
STAMPS3 = "使用单位名称（盖章）：            云服务商（盖章）：                管理单位（盖章）： "
DATES3 = "      年   月   日                    年   月   日                           年   月   日"


def change_rows(prov, zone_key, printed, provider_label):
    cont = lambda: Cell(700, Static([""]), vm="continue")  # noqa: E731
    return [
        four(L(provider_label[0], "cloud." + provider_label[1]),
             boxless("cloud." + provider_label[1], prov),
             L("部署区域", zone_key), boxless(zone_key, "政务外网区 互联网区")),
        None,  # date row, filled by caller
        Row([Cell(700, Lab("申\n请\n事\n由", "reason")), Cell(W - 700, V("reason"))], 1100),
        Row([Cell(700, Lab("资\v源\v变\v更\v内\v容", "changes"), vm="restart"),
             Cell(W - 700, Lab("1、虚拟主机资源", bold=True, align="left"))]),
        Row([cont()] + [Cell(w, L(t)) for (_, w, _), t in zip(CHG_W, CHG_HEAD)], 700),
        Block("changes", CHG_W, printed, prefix=[cont()], example=True),
        Row([cont(), Cell(W - 700, Lab("2、其他", bold=True, align="left"))]),
        Row([cont(), Cell(W - 700, Prompt("other_changes", ["示例1：需要新增一个政务外网地址",
                                                              "示例2：需要变更一个主机操作系统"]))], 900),
    ]


def annex3():
    rows = [
        four(L("申请单位", "unit.name"), V("unit.name"), L("信息系统名称", "system.name"), V("system.name")),
        four(L("系统负责人", "owner.name"), V("owner.name"), L("联系电话", "owner.phone"), V("owner.phone")),
    ]
    cr = change_rows("电信 移动 联通", "zone", [{}], ("云服务商", "provider"))
    cr[1] = four(L("变更申请时间", "requested_on"), V("requested_on"), L("变更类型", "change_kinds"),
                 boxless("change_kinds", " 主机  网络 安全  其他{_}"))
    rows += cr
    rows.append(Row([Cell(W, Static(["申请单位名称（盖章）：", "", "              联系人（签字）：",
                                     "年   月   日        "], align="right"))], 1400))
    return Form("change-request", 3, "淮北市政务云资源变更申请表", "", rows)


def annex6():
    rows = [
        four(L("使用单位名称", "unit.name"), V("unit.name"), L("系统名称", "system.name"), V("system.name")),
        four(L("系统负责人", "owner.name"), V("owner.name"), L("联系电话", "owner.phone"), V("owner.phone")),
    ]
    cr = change_rows("电信云 移动云 联通云", "zone",
                     [{"ip": "示例：10.55.61.115", "note": "示例：内存由8G变更为16G"}], ("部署云平台", "platform"))
    cr[1] = four(L("变更时间", "changed_on"), V("changed_on"), L("变更类型", "change_kinds"),
                 boxless("change_kinds", " 主机  网络  其他{_}"))
    rows += cr
    rows.append(Row([Cell(W, Static([STAMPS3, DATES3], align="left"))], 1400))
    return Form("change-sheet", 6, "淮北市政务云资源变更确认单", "", rows)


# --- 附件4 -------------------------------------------------------------------

def annex4():
    b = "□"
    rows = [
        four(L("申请单位", "unit.name"), V("unit.name"), L("退出类型", "exit_kind"),
             opts("exit_kind", f"{b}业务系统退出 {b}使用单位退出")),
        two(L("信息系统名称", "system.name"), V("system.name")),
        four(L("系统负责人", "owner.name"), V("owner.name"), L("办公电话", "owner.office_phone"),
             V("owner.office_phone")),
        four(L("电子邮箱", "owner.email"), V("owner.email"), L("移动电话", "owner.mobile"), V("owner.mobile")),
        four(L("云服务商", "cloud.provider"), boxless("cloud.provider", "电信  移动 联通"),
             L("退出日期", "exit_on"), V("exit_on")),
        two(L("退出原因", "reason"), V("reason"), height=900),
        two(L("退出资源", "resources"),
            Prompt("resources", ["请在此处列出申请退出的资源内容，包括虚拟机资源、网络资源、存储资源等。"]), height=1200),
        two(L("退出单位确认"), Static(["因业务系统退出市级政务云，本单位已完成相关数据的迁移备份工作，请在退出日期后删除部署在市级政务云平台上的相关资源。",
                                    "", "单位签字（盖章）：", "                                年   月   日"]),
            height=1400),
    ]
    notes = ["备注：", "1. 当使用单位信息系统需要退出时，甲方需提交退出申请，云服务商按照要求处理数据并释放政务云平台资源。",
             "云服务商按照使用单位要求返还全部数据，确保不能以商业市场的技术手段进行数据恢复。"]
    return Form("exit-request", 4, "淮北市政务云资源退出申请表", b, rows, notes=notes)


# --- 附件5 -------------------------------------------------------------------

HOST_W5 = [("name", 1400, "name"), ("cpu", 700, "cpu"), ("memory_gb", 700, "memory_gb"), ("os", 1400, "os"),
           ("system_disk_gb", 800, "system_disk_gb"), ("system_disk_type", 900, "system_disk_type"),
           ("data_disk_gb", 800, "data_disk_gb"), ("data_disk_type", 900, "data_disk_type"),
           ("zone", 1040, "zone"), ("count", 1000, "count")]
SAFETY = ("信息系统部署到政务云后，按照“安全管理责任主体不变、数据归属关系不变、安全管理标准不变、数据敏感信息不出境”原则。"
          "责任如下：1、云主管部门负责市电子政务云平台的建设、维护、管理，负责政务云使用情况动态监测、云资源优化；2、使用单位"
          "负责本单位信息系统开发测试、迁移部署、运行维护、安全管理等工作，配合政务云安全检查、应急演练、统计评价等工作；3、云"
          "服务商负责政务云的建设、咨询、服务开通、日常运行维护和安全保障，并配合使用单位做好信息系统迁移部署、运维保障和安全"
          "保障等工作。")


def annex5():
    b = "□"
    rows = [
        four(L("*申请单位", "unit.name"), V("unit.name"), L("*申请时间", "applied_on"), V("applied_on")),
        four(L("*系统负责人  及职务", "owner.name_title"), V("owner.name_title"), L("*移动电话", "owner.mobile"),
             V("owner.mobile")),
        four(L("*维护单位/部门", "maintainer.name"), V("maintainer.name"), L("*维护单位性质", "maintainer.kind"),
             opts("maintainer.kind", f"{b}下属单位/部门  {b}委托外包单位")),
        four(L("*技术联系人", "tech_contact.name"), V("tech_contact.name"), L("*移动电话", "tech_contact.mobile"),
             V("tech_contact.mobile")),
        two(L("*电子邮箱", "tech_contact.email"), V("tech_contact.email")),
        section("一、信息系统基本情况（每个系统一份）"),
        four(L("*信息系统名称", "system.name"), V("system.name"), L("项目编号或项目代码", "system.project_code"),
             V("system.project_code")),
        four(L("*系统上云编号", "system.cloud_id"), V("system.cloud_id"), Static([""]), Static([""])),
        two(L("*系统简介", "system.summary"), V("system.summary"), height=1000),
        four(L("*系统入云类型", "system.onboarding"), opts("system.onboarding", f"{b}新建入云 {b}迁移入云"),
             L("*承载网络（可多选）", "system.networks"),
             opts("system.networks", f"{b}政务外网  {b}互联网  {b}其他网络{{_:5}}")),
        four(L("*等级保护级别", "system.protection_level"),
             opts("system.protection_level", f"{b}一级 {b}二级 {b}三级 {b}未定级"),
             L("*运行时间", "system.operating_hours"),
             opts("system.operating_hours", f"{b}7×24小时 {b}5×8小时 {b}其它{{_:6}}")),
        section("二、云资源需求描述"),
        four(L("*云平台", "cloud.platform"), opts("cloud.platform", f"{b}电信云 {b}移动云 {b}联通云"),
             L("*系统上云运行时限", "cloud.term"),
             opts("cloud.term", f"{b}长期运行 {b}临时运行{{=cloud.term_months:2}}个月")),
    ] + bandwidth_rows(b, "*IP地址") + [
        four(L("数据库", "database"), opts("database", f"{b}达梦 {b}南大通用 {b}人大金仓 {b}其他{{_:6}}"),
             L("中间件", "middleware"), opts("middleware", f"{b}Weblogic {b}东方通 {b}其他{{_:5}}")),
        sub("1、虚拟主机和NAT资源"),
        Row([Cell(w, L(t)) for (_, w, _), t in zip(HOST_W5, ["虚拟机名称", "CPU", "内存", "操作系统版本", "系统\n磁盘",
                                                              "磁盘类型", "数据\n磁盘", "磁盘类型", "部署\n区域", "数量"])],
            600),
        Block("hosts", HOST_W5, [{}, {}]),
        TotalRow("hosts_total", HOST_W5),
        sub("2、GPU资源"),
        Row([Cell(W, opts("gpu.low", "低配GPU卡{=gpu.low}块   中配GPU卡{=gpu.mid}块   高配GPU卡{=gpu.high}块"))]),
        sub("3、裸金属服务器及机柜空间"),
        two(L("裸金属服务器", "bare_metal"),
            opts("bare_metal.low", "    类型   低配服务器{=bare_metal.low}台  中配服务器{=bare_metal.mid}台  "
                                   "高配服务器{=bare_metal.high}台")),
        two(L("物理空间", "space"), opts("space.cabinets", "  {=space.cabinets}个机柜     {=space.units_u}U标准机柜空间")),
        sub("4、安全及灾备服务"),
        two(L("基础安全服务", "security.basic"), V("security.basic")),
        two(L("增值安全服务", "security.value_added"), opts("security.value_added", "其他：{=security.value_added:12}")),
        Row([Cell(L1, L("基础备份服务", "backup.basic")), Cell(V1, opts("backup.basic", f"{b}本地备份")),
             Cell(W - L1 - V1, V("backup.basic_note"))]),
        Row([Cell(L1, L("增值备份服务", "backup.value_added")),
             Cell(V1, opts("backup.value_added", f"{b}同城异地备份  {b}异地备份")),
             Cell(W - L1 - V1, V("backup.value_added_note"))]),
        section("三、其他资源"),
        Row([Cell(W, V("other"))], 700),
        section("四、系统安全责任说明"),
        Row([Cell(W, Static([SAFETY]))], 1200),
        Row([Cell(W, Static([STAMPS3, "             ", DATES3, "  "]))], 1400),
    ]
    return Form("activation-sheet", 5, "淮北市政务云资源开通确认单", b, rows)


# --- 附件7 -------------------------------------------------------------------

def annex7():
    b = "□"
    w2 = (2000, W - 2000)
    w4 = (2000, 2820, 2000, 2820)
    rows = [
        section("信息系统情况", shade=None),
        two(L("使用单位名称", "unit.name"), V("unit.name"), w2),
        two(L("系统名称", "system.name"), V("system.name"), w2),
        two(L("退出类型", "exit_kind"), opts("exit_kind", f"{b}业务系统退出      {b}使用单位退出"), w2),
        four(L("系统负责人", "owner.name"), V("owner.name"), L("移动电话", "owner.mobile"), V("owner.mobile"), w4),
        two(L("部署云平台", "cloud.platform"), boxless("cloud.platform", "电信云            移动云            联通云"), w2),
        section("业务系统或使用单位退出情况", shade=None),
        two(L("退出原因", "reason"), V("reason"), w2, height=900),
        two(L("退出日期", "exit_on"), V("exit_on"), w2),
        two(L("退出资源", "resources"),
            Prompt("resources", ["请在此处列出申请退出的资源内容，包括虚拟机资源、网络资源、存储资源等。"]), w2, height=1200),
        section("数据清除情况", shade=None),
        two(L("云服务商确认 ", "data_wipe.provider"),
            opts("data_wipe.provider", f"清除与否：{b}是  {b}否 \n其它说明：{{=data_wipe.provider_note:1}}"), w2, height=800),
        two(L("使用单位确认 ", "data_wipe.unit"),
            opts("data_wipe.unit", f"清除与否：{b}是  {b}否 \n其它说明：{{=data_wipe.unit_note:1}}"), w2, height=800),
        Row([Cell(W, Static(["使用单位名称（盖章）：       云服务商（盖章）：               管理单位（盖章）： ", "",
                             "      年   月   日                  年   月   日                       年   月   日"]))],
            1400),
    ]
    return Form("exit-sheet", 7, "淮北市政务云资源退出确认单", b, rows)


FORMS = {f.id: f for f in (annex1(), annex2(), annex3(), annex4(), annex5(), annex6(), annex7())}
BLANK_NAMES = {
    "request": "annex1-request",
    "hosting-request": "annex2-hosting-request",
    "change-request": "annex3-change-request",
    "exit-request": "annex4-exit-request",
    "activation-sheet": "annex5-activation-sheet",
    "change-sheet": "annex6-change-sheet",
    "exit-sheet": "annex7-exit-sheet",
}

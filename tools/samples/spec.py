"""The seven annex forms as spec/forms.md defines them: ids, titles, field
keys, value types, required flags and printed options.

Used by the generator to type-check sample values, to order record keys and
to write the XML twins. Row tables are described by their column keys.
"""

# Field: key -> (printed label, type, required, options or None)
# Types: text date int number gb mobile phone email money cpu power_w power_kw
#        ipv4 choice multi table

NETWORKS = ["政务外网", "互联网", "其他网络"]
AVAIL = ["99%", "99.9%", "99.99%", "其他"]
BANDWIDTH = ["10M", "20M", "50M", "100M", "其他"]
PROVIDERS = ["电信", "移动", "联通"]
PLATFORMS = ["电信云", "移动云", "联通云"]
ZONES = ["政务外网区", "互联网区"]
MAINT_KIND = ["下属单位/部门", "委托外包单位"]
TERM = ["长期运行", "临时运行"]
LEVELS = ["一级", "二级", "三级", "未定级"]

HOST_COLS = [
    ("name", "虚拟机名称", "text"),
    ("cpu", "CPU", "cpu"),
    ("memory_gb", "内存", "gb"),
    ("os", "操作系统版本", "text"),
    ("system_disk_gb", "系统磁盘", "gb"),
    ("system_disk_type", "系统磁盘类型", "text"),
    ("data_disk_gb", "数据磁盘", "gb"),
    ("data_disk_type", "数据磁盘类型", "text"),
    ("zone", "部署区域", "text"),
    ("count", "数量", "int"),
]
BACKUP_COLS = [
    ("type", "备份类型", "text"),
    ("object", "备份对象", "text"),
    ("incremental_days", "增量备份间隔", "int"),
    ("full_days", "全量备份间隔", "int"),
    ("retention_days", "最大保留", "int"),
]
DEVICE_COLS = [
    ("name", "设备名称", "text"),
    ("type", "设备类型", "text"),
    ("units_u", "设备U数", "int"),
    ("rated_power_w", "设备额定功率", "power_w"),
    ("zone", "部署区域", "text"),
    ("count", "数量", "int"),
]
CABINET_COLS = [
    ("name", "机柜名称", "text"),
    ("type", "机柜类型", "text"),
    ("units_u", "机柜U数", "int"),
    ("power_kw", "机柜功率", "power_kw"),
    ("zone", "部署区域", "text"),
    ("count", "数量", "int"),
]
CHANGE_COLS = [
    ("ip", "虚拟机IP", "ipv4"),
    ("cpu_before", "CPU", "cpu"),
    ("memory_gb_before", "内存", "gb"),
    ("cpu_after", "CPU（变更后）", "cpu"),
    ("memory_gb_after", "内存（变更后）", "gb"),
    ("system_disk_gb_before", "系统存储", "gb"),
    ("system_disk_gb_after", "系统存储（变更后）", "gb"),
    ("data_disk_gb_before", "数据存储", "gb"),
    ("data_disk_gb_after", "数据存储（变更后）", "gb"),
    ("disk_type", "磁盘类型", "text"),
    ("note", "备注", "text"),
]
HOSTS_TOTAL_KEYS = ["cpu", "memory_gb", "system_disk_gb", "data_disk_gb", "count"]


def _f(label, typ, req=False, opts=None):
    return (label, typ, req, opts)


CONTACT = [
    ("unit.name", _f("申请单位", "text", True)),
    ("applied_on", _f("申请时间", "date", True)),
    ("unit.address", _f("单位地址", "text")),
    ("owner.name", _f("系统负责人", "text", True)),
    ("owner.department", _f("工作部门", "text")),
    ("owner.title", _f("职务/职称", "text")),
    ("owner.office_phone", _f("办公电话", "phone", True)),
    ("owner.email", _f("电子邮箱", "email", True)),
    ("owner.mobile", _f("移动电话", "mobile")),
    ("maintainer.name", _f("维护单位/部门", "text", True)),
    ("maintainer.kind", _f("维护单位性质", "choice", True, MAINT_KIND)),
    ("tech_contact.name", _f("技术联系人", "text", True)),
    ("tech_contact.office_phone", _f("办公电话", "phone")),
    ("tech_contact.email", _f("电子邮箱", "email", True)),
    ("tech_contact.mobile", _f("移动电话", "mobile", True)),
]

FORMS = {
    "request": {
        "annex": 1,
        "title": "淮北市政务云资源需求申请表",
        "fields": CONTACT + [
            ("system.name", _f("信息系统名称", "text", True)),
            ("system.project_code", _f("项目编号或项目代码", "text")),
            ("system.investment", _f("系统投资费用", "money", True)),
            ("system.onboarding", _f("系统上云类型", "choice", True, ["新建上云", "迁移上云", "机房托管"])),
            ("system.summary", _f("系统简介", "text", True)),
            ("system.protection_level", _f("等级保护级别", "choice", True, LEVELS)),
            ("system.protection_cert", _f("等保备案证明证书编号", "text")),
            ("system.networks", _f("承载网络", "multi", True, NETWORKS)),
            ("system.networks_other", _f("其他网络", "text")),
            ("system.availability", _f("可用性要求", "choice", True, AVAIL)),
            ("system.availability_other", _f("其他", "text")),
            ("system.category", _f("系统类型", "choice", True,
                ["业务生产系统", "内部办公", "公众服务", "门户网站", "移动APP", "视频系统", "其他"])),
            ("system.category_other", _f("其他", "text")),
            ("system.audience", _f("系统服务对象", "choice", True, ["本单位人员", "本行业人员", "社会公众", "其他"])),
            ("system.audience_other", _f("其他", "text")),
            ("system.audience_size", _f("服务对象数量", "int", True)),
            ("system.scope", _f("系统服务范围", "choice", True,
                ["省本级", "省-市两级", "省-市-县三级", "国家-省-市-县四级", "其他"])),
            ("system.scope_other", _f("其他", "text")),
            ("cloud.provider", _f("云服务商", "choice", True, PROVIDERS)),
            ("cloud.term", _f("系统上云运行时限", "choice", True, TERM)),
            ("cloud.term_months", _f("个月", "int")),
            ("ip.internet", _f("互联网公网地址", "int")),
            ("ip.egov", _f("政务外网业务地址", "int")),
            ("bandwidth.dedicated", _f("专线", "choice", False, BANDWIDTH)),
            ("bandwidth.dedicated_other", _f("其他", "text")),
            ("bandwidth.internet", _f("互联网出口", "choice", False, BANDWIDTH)),
            ("bandwidth.internet_other", _f("其他", "text")),
            ("database", _f("数据库", "choice", False, ["达梦", "南大通用", "人大金仓", "其他"])),
            ("database_other", _f("其他", "text")),
            ("middleware", _f("中间件", "choice", False, ["Weblogic", "东方通", "其他"])),
            ("middleware_other", _f("其他", "text")),
            ("load_balancers.l4", _f("四层云负载均衡", "int")),
            ("load_balancers.l7", _f("七层云负载均衡", "int")),
            ("hosts", _f("主机资源", "table", False, HOST_COLS)),
            ("storage.types", _f("存储资源", "multi", False, ["SATA硬盘（默认）", "SAS硬盘", "SSD硬盘", "对象存储"])),
            ("rack.cabinets", _f("个机柜", "int")),
            ("rack.u1", _f("台1U设备", "int")),
            ("rack.u2", _f("台2U设备", "int")),
            ("rack.u4", _f("台4U设备", "int")),
            ("security.enhanced", _f("增强安全技术服务", "text")),
            ("backups", _f("备份服务", "table", False, BACKUP_COLS)),
            ("other", _f("其他需求", "text")),
        ],
    },
    "hosting-request": {
        "annex": 2,
        "title": "淮北市政务云资源需求申请表（托管）",
        "fields": CONTACT + [
            ("system.name", _f("信息系统名称", "text", True)),
            ("system.project_code", _f("项目编号或项目代码", "text")),
            ("system.investment", _f("系统投资费用", "money", True)),
            ("system.availability", _f("可用性要求", "choice", True, AVAIL)),
            ("system.availability_other", _f("其他", "text")),
            ("system.summary", _f("系统简介", "text", True)),
            ("system.networks", _f("承载网络", "multi", True, NETWORKS)),
            ("system.networks_other", _f("其他网络", "text")),
            ("cloud.provider", _f("云服务商", "choice", True, PROVIDERS)),
            ("cloud.term", _f("系统上云运行时限", "choice", True, TERM)),
            ("cloud.term_months", _f("个月", "int")),
            ("bandwidth.dedicated", _f("专线", "choice", False, BANDWIDTH)),
            ("bandwidth.dedicated_other", _f("其他", "text")),
            ("bandwidth.internet", _f("互联网出口", "choice", False, BANDWIDTH)),
            ("bandwidth.internet_other", _f("其他", "text")),
            ("devices", _f("设备托管清单", "table", False, DEVICE_COLS)),
            ("cabinets", _f("机柜托管清单", "table", False, CABINET_COLS)),
            ("other", _f("其他需求", "text")),
        ],
    },
    "change-request": {
        "annex": 3,
        "title": "淮北市政务云资源变更申请表",
        "fields": [
            ("unit.name", _f("申请单位", "text", True)),
            ("system.name", _f("信息系统名称", "text", True)),
            ("owner.name", _f("系统负责人", "text", True)),
            ("owner.phone", _f("联系电话", "phone", True)),
            ("cloud.provider", _f("云服务商", "choice", True, PROVIDERS)),
            ("zone", _f("部署区域", "choice", True, ZONES)),
            ("requested_on", _f("变更申请时间", "date", True)),
            ("change_kinds", _f("变更类型", "multi", True, ["主机", "网络", "安全", "其他"])),
            ("change_kinds_other", _f("其他", "text")),
            ("reason", _f("申请事由", "text", True)),
            ("changes", _f("虚拟主机资源", "table", False, CHANGE_COLS)),
            ("other_changes", _f("其他", "text")),
        ],
    },
    "exit-request": {
        "annex": 4,
        "title": "淮北市政务云资源退出申请表",
        "fields": [
            ("unit.name", _f("申请单位", "text", True)),
            ("exit_kind", _f("退出类型", "choice", True, ["业务系统退出", "使用单位退出"])),
            ("system.name", _f("信息系统名称", "text", True)),
            ("owner.name", _f("系统负责人", "text", True)),
            ("owner.office_phone", _f("办公电话", "phone", True)),
            ("owner.email", _f("电子邮箱", "email")),
            ("owner.mobile", _f("移动电话", "mobile", True)),
            ("cloud.provider", _f("云服务商", "choice", True, PROVIDERS)),
            ("exit_on", _f("退出日期", "date", True)),
            ("reason", _f("退出原因", "text", True)),
            ("resources", _f("退出资源", "text", True)),
        ],
    },
    "activation-sheet": {
        "annex": 5,
        "title": "淮北市政务云资源开通确认单",
        "fields": [
            ("unit.name", _f("申请单位", "text", True)),
            ("applied_on", _f("申请时间", "date", True)),
            ("owner.name_title", _f("系统负责人及职务", "text", True)),
            ("owner.mobile", _f("移动电话", "mobile", True)),
            ("maintainer.name", _f("维护单位/部门", "text", True)),
            ("maintainer.kind", _f("维护单位性质", "choice", True, MAINT_KIND)),
            ("tech_contact.name", _f("技术联系人", "text", True)),
            ("tech_contact.mobile", _f("移动电话", "mobile", True)),
            ("tech_contact.email", _f("电子邮箱", "email", True)),
            ("system.name", _f("信息系统名称", "text", True)),
            ("system.project_code", _f("项目编号或项目代码", "text")),
            ("system.cloud_id", _f("系统上云编号", "text", True)),
            ("system.summary", _f("系统简介", "text", True)),
            ("system.onboarding", _f("系统入云类型", "choice", True, ["新建入云", "迁移入云"])),
            ("system.networks", _f("承载网络", "multi", True, NETWORKS)),
            ("system.networks_other", _f("其他网络", "text")),
            ("system.protection_level", _f("等级保护级别", "choice", True, LEVELS)),
            ("system.operating_hours", _f("运行时间", "choice", True, ["7×24小时", "5×8小时", "其它"])),
            ("system.operating_hours_other", _f("其它", "text")),
            ("cloud.platform", _f("云平台", "choice", True, PLATFORMS)),
            ("cloud.term", _f("系统上云运行时限", "choice", True, TERM)),
            ("cloud.term_months", _f("个月", "int")),
            ("ip.internet", _f("互联网公网地址", "int", True)),
            ("ip.egov", _f("政务外网业务地址", "int", True)),
            ("bandwidth.dedicated", _f("专线", "choice", False, BANDWIDTH)),
            ("bandwidth.dedicated_other", _f("其他", "text")),
            ("bandwidth.internet", _f("互联网出口", "choice", False, BANDWIDTH)),
            ("bandwidth.internet_other", _f("其他", "text")),
            ("database", _f("数据库", "choice", False, ["达梦", "南大通用", "人大金仓", "其他"])),
            ("database_other", _f("其他", "text")),
            ("middleware", _f("中间件", "choice", False, ["Weblogic", "东方通", "其他"])),
            ("middleware_other", _f("其他", "text")),
            ("hosts", _f("虚拟主机和NAT资源", "table", False, HOST_COLS)),
            ("hosts_total", _f("合计", "total", False, HOSTS_TOTAL_KEYS)),
            ("gpu.low", _f("低配GPU卡", "int")),
            ("gpu.mid", _f("中配GPU卡", "int")),
            ("gpu.high", _f("高配GPU卡", "int")),
            ("bare_metal.low", _f("低配服务器", "int")),
            ("bare_metal.mid", _f("中配服务器", "int")),
            ("bare_metal.high", _f("高配服务器", "int")),
            ("space.cabinets", _f("个机柜", "int")),
            ("space.units_u", _f("U标准机柜空间", "int")),
            ("security.basic", _f("基础安全服务", "text")),
            ("security.value_added", _f("增值安全服务", "text")),
            ("backup.basic", _f("基础备份服务", "multi", False, ["本地备份"])),
            ("backup.basic_note", _f("基础备份服务说明", "text")),
            ("backup.value_added", _f("增值备份服务", "multi", False, ["同城异地备份", "异地备份"])),
            ("backup.value_added_note", _f("增值备份服务说明", "text")),
            ("other", _f("其他资源", "text")),
        ],
    },
    "change-sheet": {
        "annex": 6,
        "title": "淮北市政务云资源变更确认单",
        "fields": [
            ("unit.name", _f("使用单位名称", "text")),
            ("system.name", _f("系统名称", "text")),
            ("owner.name", _f("系统负责人", "text")),
            ("owner.phone", _f("联系电话", "phone")),
            ("cloud.platform", _f("部署云平台", "choice", False, PLATFORMS)),
            ("zone", _f("部署区域", "choice", False, ZONES)),
            ("changed_on", _f("变更时间", "date")),
            ("change_kinds", _f("变更类型", "multi", False, ["主机", "网络", "其他"])),
            ("change_kinds_other", _f("其他", "text")),
            ("reason", _f("申请事由", "text")),
            ("changes", _f("虚拟主机资源", "table", False, CHANGE_COLS)),
            ("other_changes", _f("其他", "text")),
        ],
    },
    "exit-sheet": {
        "annex": 7,
        "title": "淮北市政务云资源退出确认单",
        "fields": [
            ("unit.name", _f("使用单位名称", "text")),
            ("system.name", _f("系统名称", "text")),
            ("exit_kind", _f("退出类型", "choice", False, ["业务系统退出", "使用单位退出"])),
            ("owner.name", _f("系统负责人", "text")),
            ("owner.mobile", _f("移动电话", "mobile")),
            ("cloud.platform", _f("部署云平台", "choice", False, PLATFORMS)),
            ("reason", _f("退出原因", "text")),
            ("exit_on", _f("退出日期", "date")),
            ("resources", _f("退出资源", "text")),
            ("data_wipe.provider", _f("云服务商确认 清除与否", "choice", False, ["是", "否"])),
            ("data_wipe.provider_note", _f("其它说明", "text")),
            ("data_wipe.unit", _f("使用单位确认 清除与否", "choice", False, ["是", "否"])),
            ("data_wipe.unit_note", _f("其它说明", "text")),
        ],
    },
}

FORM_IDS = list(FORMS)


def field_map(form_id):
    return dict(FORMS[form_id]["fields"])


def key_order(form_id):
    return [k for k, _ in FORMS[form_id]["fields"]]

"""Every sample: its record values (held once), how it was filled, and the
diagnostics put in on purpose. People, units and numbers are invented but
plausible for the Huaibei municipal government cloud."""

from . import spec
from . import typed as typed_mod
from .model import Sample, flatten, get, merged

WARN, ERR = "warning", "error"

# --- people and units ---------------------------------------------------------

EDU_CONTACT = {
    "unit": {"name": "淮北市教育局", "address": "淮北市相山区孟山中路36号"},
    "applied_on": "2026-03-05",
    "owner": {"name": "王建国", "department": "信息中心", "title": "主任", "office_phone": "0561-3021234",
              "email": "wangjg@hbedu.gov.cn", "mobile": "13805612345"},
    "maintainer": {"name": "安徽皖通科技股份有限公司", "kind": "委托外包单位"},
    "tech_contact": {"name": "李明", "office_phone": "3025678", "email": "liming@wantong-tech.com",
                     "mobile": "13956123456"},
}

EDU_SUMMARY = ("淮北市智慧教育云平台面向全市中小学师生和家长，提供优质教学资源共享、网络教研、在线学习空间、"
               "学籍与招生管理等服务，现部署于市教育局自建机房，计划整体迁移至市级政务云。")

EDU_HOSTS = [
    {"name": "应用服务器", "cpu": 8, "memory_gb": 16, "os": "麒麟V10", "system_disk_gb": 100,
     "system_disk_type": "SSD", "data_disk_gb": 500, "data_disk_type": "SAS", "zone": "互联网区", "count": 2},
    {"name": "数据库服务器", "cpu": 16, "memory_gb": 64, "os": "麒麟V10", "system_disk_gb": 100,
     "system_disk_type": "SSD", "data_disk_gb": 2048, "data_disk_type": "SSD", "zone": "政务外网区", "count": 1},
    {"name": "文件服务器", "cpu": 4, "memory_gb": 8, "os": "统信UOS V20", "system_disk_gb": 100,
     "system_disk_type": "SSD", "data_disk_gb": 1024, "data_disk_type": "SATA", "zone": "政务外网区", "count": 1},
]

REQ_EDU = dict(EDU_CONTACT, **{
    "system": {"name": "淮北市智慧教育云平台", "project_code": "2025-340600-65-01-012345", "investment": 1200000,
               "onboarding": "迁移上云", "summary": EDU_SUMMARY, "protection_level": "三级",
               "protection_cert": "34060013001-25001", "networks": ["政务外网", "互联网"], "availability": "99.9%",
               "category": "公众服务", "audience": "社会公众", "audience_size": 50000, "scope": "其他",
               "scope_other": "市-县（区）两级"},
    "cloud": {"provider": "电信", "term": "长期运行"},
    "ip": {"internet": 3, "egov": 2},
    "bandwidth": {"dedicated": "20M", "internet": "50M"},
    "database": "达梦",
    "middleware": "东方通",
    "load_balancers": {"l4": 2},
    "hosts": EDU_HOSTS,
    "storage": {"types": ["SSD硬盘", "对象存储"]},
    "security": {"enhanced": "网页防篡改、数据库审计"},
    "backups": [{"type": "本地备份", "object": "数据库服务器", "incremental_days": 1, "full_days": 7,
                 "retention_days": 30}],
    "other": "需开通政务外网区至互联网区的数据交换通道",
})

HRSS_CONTACT = {
    "unit": {"name": "淮北市人力资源和社会保障局", "address": "淮北市相山区古城东路9号"},
    "applied_on": "2026-03-05",
    "owner": {"name": "陈静", "department": "信息中心", "title": "副主任", "office_phone": "0561-3198765",
              "email": "chenjing@hbrs.gov.cn", "mobile": "13805612345"},
    "maintainer": {"name": "淮北市社会保险事业管理中心", "kind": "下属单位/部门"},
    "tech_contact": {"name": "赵磊", "office_phone": "0561-3198766", "email": "zhaolei@hbrs.gov.cn",
                     "mobile": "15955612345"},
}

REQ_HRSS = dict(HRSS_CONTACT, **{
    "system": {"name": "淮北市社保业务经办系统", "investment": 2800000, "onboarding": "迁移上云",
               "summary": "社保业务经办系统承担全市企业职工养老保险、失业保险、工伤保险的参保登记、缴费核定、待遇"
                          "核发等经办业务，需在省集中系统切换前临时上云过渡运行。",
               "protection_level": "二级", "protection_cert": "34060013001-23017", "networks": ["政务外网"],
               "availability": "99.99%", "category": "业务生产系统", "audience": "本行业人员",
               "audience_size": 1200, "scope": "省-市两级"},
    "cloud": {"provider": "移动", "term": "临时运行", "term_months": 6},
    "ip": {"egov": 4},
    "bandwidth": {"dedicated": "100M"},
    "database": "人大金仓",
    "middleware": "其他",
    "middleware_other": "金蝶Apusic",
    "load_balancers": {"l7": 1},
    "hosts": [
        {"name": "应用服务器", "cpu": 8, "memory_gb": 32, "os": "openEuler 22.03", "system_disk_gb": 100,
         "system_disk_type": "SSD", "data_disk_gb": 1024, "data_disk_type": "SSD", "zone": "政务外网区", "count": 4},
        {"name": "数据库服务器", "cpu": 16, "memory_gb": 128, "os": "openEuler 22.03", "system_disk_gb": 200,
         "system_disk_type": "SSD", "data_disk_gb": 4096, "data_disk_type": "SSD", "zone": "政务外网区", "count": 1},
        {"name": "中间件服务器", "cpu": 8, "memory_gb": 16, "os": "openEuler 22.03", "system_disk_gb": 100,
         "system_disk_type": "SSD", "zone": "政务外网区", "count": 2},
    ],
    "storage": {"types": ["SAS硬盘", "SSD硬盘"]},
})

REQ_HEALTH = {
    "unit": {"name": "淮北市卫生健康委员会", "address": "淮北市相山区人民中路276号"},
    "applied_on": "2026-03-09",
    "owner": {"name": "孙丽", "department": "规划信息科", "title": "科长", "office_phone": "0561-3045566",
              "email": "sunli@hbwjw.gov.cn", "mobile": "13865612345"},
    "maintainer": {"name": "淮北市卫生健康信息中心", "kind": "下属单位/部门"},
    "tech_contact": {"name": "周涛", "email": "zhoutao@hbwjw.gov.cn", "mobile": "18956123456"},
    "system": {"name": "淮北市全民健康信息平台", "project_code": "HBWJ-2025-007", "investment": 3500000,
               "onboarding": "新建上云",
               "summary": "汇聚全市二级以上医院和基层医疗卫生机构的诊疗数据，建设居民电子健康档案、电子病历共享调阅"
                          "和区域检查检验结果互认等应用。",
               "protection_level": "二级", "networks": ["政务外网", "其他网络"],
               "networks_other": "卫生健康专网", "availability": "99.9%", "category": "业务生产系统",
               "audience": "本行业人员", "audience_size": 3500, "scope": "省-市-县三级"},
    "cloud": {"provider": "联通", "term": "长期运行"},
    "ip": {"egov": 6},
    "bandwidth": {"dedicated": "其他", "dedicated_other": "200M"},
    "database": "其他",
    "database_other": "OceanBase",
    "middleware": "Weblogic",
    "hosts": [
        {"name": "应用服务器", "cpu": 8, "memory_gb": 16, "os": "麒麟V10", "system_disk_gb": 100,
         "system_disk_type": "SSD", "data_disk_gb": 500, "data_disk_type": "SSD", "zone": "政务外网区", "count": 3},
        {"name": "裸金属服务器", "cpu": 64, "memory_gb": 512, "os": "麒麟V10", "system_disk_gb": 960,
         "system_disk_type": "SSD", "data_disk_gb": 8192, "data_disk_type": "SAS", "zone": "政务外网区", "count": 2},
    ],
    "storage": {"types": ["SSD硬盘"]},
    "security": {"enhanced": "主机安全加固、数据库审计"},
    "backups": [{"type": "本地备份", "object": "全民健康信息平台数据库", "incremental_days": 1, "full_days": 7,
                 "retention_days": 90}],
}

REQ_HOUSING = {
    "unit": {"name": "淮北市住房和城乡建设局", "address": "淮北市相山区长山路128号"},
    "applied_on": "2026-03-12",
    "owner": {"name": "刘洋", "department": "科技信息科", "title": "工程师", "office_phone": "0561-3087654",
              "email": "liuyang@hbzjj.gov.cn", "mobile": "13955612345"},
    "maintainer": {"name": "淮北市建设工程质量安全监督站", "kind": "下属单位/部门"},
    "tech_contact": {"name": "吴刚", "office_phone": "0561-3087655", "email": "wugang@hbzjj.gov.cn",
                     "mobile": "13605611234"},
    "system": {"name": "淮北市智慧工地监管平台", "investment": 860000, "onboarding": "新建上云",
               "summary": "接入全市在建工程项目的视频监控、塔吊和升降机运行监测、扬尘监测及实名制考勤数据，实现工地"
                          "安全隐患的远程监管。",
               "protection_level": "三级", "protection_cert": "34060013001-26003", "networks": ["互联网"],
               "availability": "99%", "category": "视频系统", "audience": "本行业人员", "audience_size": 800,
               "scope": "省-市-县三级"},
    "cloud": {"provider": "电信", "term": "长期运行"},
    "ip": {"internet": 2},
    "bandwidth": {"internet": "100M"},
    "database": "南大通用",
    "middleware": "东方通",
    "hosts": [
        {"name": "应用服务器", "cpu": 8, "memory_gb": 16, "os": "麒麟V10", "system_disk_gb": 100,
         "system_disk_type": "SSD", "data_disk_gb": 300, "data_disk_type": "SSD", "zone": "互联网区", "count": 2},
    ],
    "storage": {"types": ["SATA硬盘（默认）", "对象存储"]},
}

REQ_MARKET = {
    "unit": {"name": "淮北市市场监督管理局", "address": "淮北市相山区淮海中路89号"},
    "applied_on": "2026-03-05",
    "owner": {"name": "张伟", "department": "信息科", "title": "科长", "office_phone": "0561-3056789",
              "email": "zhangwei@hbscjg.gov.cn", "mobile": "13705612345"},
    "maintainer": {"name": "淮北恒信软件有限公司", "kind": "委托外包单位"},
    "tech_contact": {"name": "黄磊", "office_phone": "0561-3056790", "email": "huanglei@hxsoft.cn",
                     "mobile": "18705611234"},
    "system": {"name": "淮北市食品安全追溯系统", "project_code": "HBSJ-2026-002", "investment": 0,
               "onboarding": "新建上云",
               "summary": "对全市食品生产、流通和餐饮环节实行“一品一码”追溯管理，向公众提供扫码查询服务。",
               "protection_level": "三级", "protection_cert": "34060013001-26011",
               "networks": ["政务外网", "互联网"], "availability": "99.9%", "category": "公众服务",
               "audience": "社会公众", "audience_size": 100000, "scope": "省-市-县三级"},
    "cloud": {"provider": "联通", "term": "长期运行"},
    "ip": {"internet": 1, "egov": 1},
    "bandwidth": {"dedicated": "10M", "internet": "20M"},
    "database": "人大金仓",
    "middleware": "Weblogic",
    "hosts": [
        {"name": "应用服务器", "cpu": 4, "memory_gb": 8, "os": "麒麟V10", "system_disk_gb": 100,
         "system_disk_type": "SSD", "data_disk_gb": 200, "data_disk_type": "SSD", "zone": "互联网区", "count": 2},
        {"name": "数据库服务器", "cpu": 8, "memory_gb": 32, "os": "麒麟V10", "system_disk_gb": 100,
         "system_disk_type": "SSD", "data_disk_gb": 1024, "data_disk_type": "SSD", "zone": "政务外网区", "count": 1},
    ],
    "storage": {"types": ["SAS硬盘"]},
}

REQ_CULTURE = {
    "unit": {"name": "淮北市文化和旅游局", "address": "淮北市相山区人民路文化大厦"},
    "applied_on": "2026-03-18",
    "owner": {"name": "马兰", "department": "办公室", "title": "副主任", "office_phone": "0561-3167890",
              "email": "malan@hbwhlyj.gov.cn"},
    "maintainer": {"name": "淮北市文化馆", "kind": "下属单位/部门"},
    "tech_contact": {"name": "钱进", "email": "qianjin@hbwhg.cn", "mobile": "15055612345"},
    "system": {"name": "淮北文旅公共服务平台", "investment": 450000, "onboarding": "迁移上云",
               "summary": "平台整合全市A级景区、公共文化场馆和旅游企业信息，提供景区预约、场馆预订、活动报名等服务。 "
                          "现运行在租用的商业云主机上，合同到期后迁移至市级政务云。 "
                          "迁移完成后原商业云资源全部释放。",
               "protection_level": "二级", "protection_cert": "34060013001-22008",
               "networks": ["互联网", "其他网络"], "networks_other": "广电网络", "availability": "其他",
               "availability_other": "99.5%", "category": "门户网站", "audience": "社会公众",
               "audience_size": 200000, "scope": "省-市两级"},
    "cloud": {"provider": "移动", "term": "长期运行"},
    "ip": {"internet": 2},
    "bandwidth": {"internet": "20M"},
    "database": "其他",
    "database_other": "MySQL 8.0",
    "load_balancers": {"l7": 1},
    "hosts": [
        {"name": "Web服务器", "cpu": 4, "memory_gb": 8, "os": "CentOS 7.9", "system_disk_gb": 100,
         "system_disk_type": "SSD", "data_disk_gb": 200, "data_disk_type": "SATA", "zone": "互联网区", "count": 2},
        {"name": "数据库服务器", "cpu": 8, "memory_gb": 16, "os": "CentOS 7.9", "system_disk_gb": 100,
         "system_disk_type": "SSD", "data_disk_gb": 500, "data_disk_type": "SSD", "zone": "互联网区", "count": 1},
    ],
    "rack": {"u2": 2},
    "backups": [{"type": "本地备份", "object": "Web服务器", "incremental_days": 1, "full_days": 7,
                 "retention_days": 30}],
    "other": "需要申请一个SSL证书部署到互联网区负载均衡",
}


def _sixty_hosts():
    roles = [("应用服务器", 8, 16, 200), ("数据库服务器", 16, 64, 2048), ("缓存服务器", 4, 32, 0),
             ("消息队列服务器", 4, 8, 500), ("接口网关服务器", 8, 16, 100), ("日志服务器", 4, 16, 1024)]
    out = []
    for i in range(60):
        role, cpu, mem, data = roles[i % len(roles)]
        h = {"name": f"{role}-{i + 1:02d}", "cpu": cpu, "memory_gb": mem,
             "os": "麒麟V10" if i % 3 else "统信UOS V20", "system_disk_gb": 100, "system_disk_type": "SSD"}
        if data:
            h["data_disk_gb"] = data
            h["data_disk_type"] = "SSD" if data >= 1024 else "SAS"
        h["zone"] = "政务外网区" if i % 4 else "互联网区"
        h["count"] = 1 + (i % 3 == 0)
        out.append(h)
    return out


REQ_LONG = {
    "unit": {"name": "淮北市数据资源管理局", "address": "淮北市相山区惠黎路政务服务中心"},
    "applied_on": "2026-03-20",
    "owner": {"name": "刘䶮", "department": "数据应用科", "title": "科长", "office_phone": "0561-3112068",
              "email": "liuyan@hbsjj.gov.cn", "mobile": "13505612345"},
    "maintainer": {"name": "淮北市大数据中心", "kind": "下属单位/部门"},
    "tech_contact": {"name": "𠮷祥", "office_phone": "0561-3112069", "email": "jixiang@hbdsj.cn",
                     "mobile": "13505619876"},
    "system": {"name": "淮北市一体化数据基础平台", "project_code": "2026-340600-65-01-000088", "investment": 9800000,
               "onboarding": "新建上云",
               "summary": "建设全市统一的数据汇聚、治理、共享和开放能力，支撑各部门数据共享交换与“数字淮北”应用。",
               "protection_level": "三级", "protection_cert": "34060013001-26020", "networks": ["政务外网"],
               "availability": "99.99%", "category": "业务生产系统", "audience": "本行业人员",
               "audience_size": 5000, "scope": "省-市-县三级"},
    "cloud": {"provider": "电信", "term": "长期运行"},
    "ip": {"egov": 10},
    "bandwidth": {"dedicated": "100M"},
    "database": "达梦",
    "middleware": "东方通",
    "load_balancers": {"l4": 2, "l7": 2},
    "hosts": _sixty_hosts(),
    "storage": {"types": ["SSD硬盘", "对象存储"]},
    "security": {"enhanced": "数据库审计、数据脱敏"},
}

REQ_CIVIL = {
    "unit": {"name": "淮北市民政局", "address": "淮北市相山区南黎路12号"},
    "applied_on": "2026-03-16",
    "owner": {"name": "高翔", "department": "养老服务科", "title": "科长", "office_phone": "0561-3139876",
              "email": "gaoxiang@hbmz.gov.cn", "mobile": "13905611111"},
    "maintainer": {"name": "淮北云启信息技术有限公司", "kind": "委托外包单位"},
    "tech_contact": {"name": "许峰", "office_phone": "0561-3139877", "email": "xufeng@yunqi-it.cn",
                     "mobile": "17755612345"},
    "system": {"name": "淮北市智慧养老服务平台", "investment": 750000, "onboarding": "新建上云",
               "summary": "为全市居家和社区养老提供服务预约、补贴发放和养老机构监管等功能。",
               "protection_level": "二级", "protection_cert": "34060013001-26007",
               "networks": ["政务外网", "互联网"], "availability": "99.9%", "category": "公众服务",
               "audience": "社会公众", "audience_size": 60000, "scope": "省-市-县三级"},
    "cloud": {"provider": "电信", "term": "长期运行"},
    "ip": {"internet": 1, "egov": 1},
    "bandwidth": {"internet": "20M"},
    "database": "达梦",
    "middleware": "东方通",
    "hosts": [
        {"name": "应用服务器", "cpu": 8, "memory_gb": 16, "os": "麒麟V10", "system_disk_gb": 100,
         "system_disk_type": "SSD", "data_disk_gb": 300, "data_disk_type": "SSD", "zone": "互联网区", "count": 2},
    ],
}


def _civil_like(unit, system, owner, **changes):
    base = merged(REQ_CIVIL, {"unit.name": unit, "system.name": system, "owner.name": owner})
    return merged(base, changes)


# --- hosting, change, exit, sheets ------------------------------------------------

HOST_MEDICAL = {
    "unit": {"name": "淮北市医疗保障局", "address": "淮北市相山区淮海西路56号"},
    "applied_on": "2026-03-23",
    "owner": {"name": "郑华", "department": "信息科", "title": "科长", "office_phone": "0561-3066688",
              "email": "zhenghua@hbyb.gov.cn", "mobile": "13856123456"},
    "maintainer": {"name": "淮北市医疗保障服务中心", "kind": "下属单位/部门"},
    "tech_contact": {"name": "冯亮", "office_phone": "0561-3066689", "email": "fengliang@hbyb.gov.cn",
                     "mobile": "13856127890"},
    "system": {"name": "淮北市医保结算前置系统", "project_code": "HBYB-2026-001", "investment": 600000,
               "availability": "99.99%",
               "summary": "医保结算前置系统连接省医保信息平台与全市定点医药机构，设备为国家医保局统一配发，需托管至政务云机房。",
               "networks": ["政务外网", "其他网络"], "networks_other": "医保专网"},
    "cloud": {"provider": "电信", "term": "长期运行"},
    "bandwidth": {"dedicated": "50M"},
    "devices": [
        {"name": "医保前置服务器", "type": "服务器", "units_u": 2, "rated_power_w": 500, "zone": "政务外网区", "count": 2},
        {"name": "服务器密码机", "type": "安全设备", "units_u": 1, "rated_power_w": 500, "zone": "政务外网区", "count": 1},
        {"name": "汇聚交换机", "type": "网络设备", "units_u": 1, "rated_power_w": 350, "zone": "政务外网区", "count": 2},
    ],
    "cabinets": [
        {"name": "1号网络机柜", "type": "网络", "units_u": 42, "power_kw": 5, "zone": "政务外网区", "count": 1},
        {"name": "2号标准机柜", "type": "标准", "units_u": 42, "power_kw": 4.5, "zone": "政务外网区", "count": 1},
    ],
    "other": "设备需7×24小时机房巡检，并提供双路供电",
}

HOST_SPORT = {
    "unit": {"name": "淮北市体育局", "address": "淮北市相山区南湖路1号体育中心"},
    "applied_on": "2026-04-02",
    "owner": {"name": "何斌", "department": "群体科", "title": "科员", "office_phone": "0561-3071234",
              "email": "hebin@hbty.gov.cn", "mobile": "18256123456"},
    "maintainer": {"name": "淮北动感体育科技有限公司", "kind": "委托外包单位"},
    "tech_contact": {"name": "罗杰", "email": "luojie@dgty.cn", "mobile": "18256127777"},
    "system": {"name": "全民健身赛事报名系统", "investment": 150000, "availability": "99%",
               "summary": "为2026年市运动会提供报名、检录和成绩发布，赛事结束后停止运行。",
               "networks": ["互联网"]},
    "cloud": {"provider": "移动", "term": "临时运行", "term_months": 9},
    "bandwidth": {"internet": "100M"},
    "devices": [
        {"name": "计时计分服务器", "type": "服务器", "units_u": 2, "rated_power_w": 800, "zone": "互联网区", "count": 1},
    ],
}

CHG_EDU = {
    "unit": {"name": "淮北市教育局"},
    "system": {"name": "淮北市智慧教育云平台"},
    "owner": {"name": "王建国", "phone": "0561-3021234"},
    "cloud": {"provider": "电信"},
    "zone": "政务外网区",
    "requested_on": "2026-04-10",
    "change_kinds": ["主机", "网络"],
    "reason": "新学期选课高峰期访问量增加，应用服务器资源不足需扩容；同时新增一个政务外网地址用于数据交换。",
    "changes": [
        {"ip": "10.55.61.21", "cpu_before": 4, "memory_gb_before": 8, "cpu_after": 8, "memory_gb_after": 16,
         "system_disk_gb_before": 100, "system_disk_gb_after": 100, "data_disk_gb_before": 200,
         "data_disk_gb_after": 200, "disk_type": "SSD", "note": "应用服务器扩容"},
        {"ip": "10.55.61.22", "cpu_before": 8, "memory_gb_before": 16, "cpu_after": 8, "memory_gb_after": 16,
         "system_disk_gb_before": 100, "system_disk_gb_after": 100, "data_disk_gb_before": 500,
         "data_disk_gb_after": 800, "disk_type": "SAS", "note": "数据盘扩容"},
    ],
    "other_changes": "需要新增一个政务外网地址",
}

CHG_HEALTH = {
    "unit": {"name": "淮北市卫生健康委员会"},
    "system": {"name": "淮北市全民健康信息平台"},
    "owner": {"name": "孙丽", "phone": "13865612345"},
    "cloud": {"provider": "移动"},
    "zone": "互联网区",
    "requested_on": "2026-05-06",
    "change_kinds": ["主机", "其他"],
    "change_kinds_other": "调整安全组策略",
    "reason": "预约挂号服务开放后并发增加，需对前端服务器扩容并开放HTTPS端口。",
    "changes": [
        {"ip": "172.16.8.31", "cpu_before": 8, "memory_gb_before": 16, "cpu_after": 10, "memory_gb_after": 20,
         "system_disk_gb_before": 100, "system_disk_gb_after": 100, "data_disk_gb_before": 500,
         "data_disk_gb_after": 600, "disk_type": "SSD", "note": "CPU内存扩容"},
    ],
    "other_changes": "开放互联网区443端口",
}

CHG_HRSS_MAJOR = {
    "unit": {"name": "淮北市人力资源和社会保障局"},
    "system": {"name": "淮北市社保业务经办系统"},
    "owner": {"name": "陈静", "phone": "0561-3198765"},
    "cloud": {"provider": "移动"},
    "zone": "政务外网区",
    "requested_on": "2026-04-20",
    "change_kinds": ["主机"],
    "reason": "省集中系统切换推迟，经办业务量翻番，数据库服务器需大幅扩容。",
    "changes": [
        {"ip": "10.60.12.15", "cpu_before": 4, "memory_gb_before": 8, "cpu_after": 16, "memory_gb_after": 32,
         "system_disk_gb_before": 100, "system_disk_gb_after": 100, "data_disk_gb_before": 1024,
         "data_disk_gb_after": 2048, "disk_type": "SSD", "note": "数据库服务器扩容"},
    ],
}

EXIT_CULTURE = {
    "unit": {"name": "淮北市文化和旅游局"},
    "exit_kind": "业务系统退出",
    "system": {"name": "淮北市旅游资讯网（旧版）"},
    "owner": {"name": "马兰", "office_phone": "0561-3167890", "email": "malan@hbwhlyj.gov.cn",
              "mobile": "13905617788"},
    "cloud": {"provider": "联通"},
    "exit_on": "2026-06-30",
    "reason": "旧版旅游资讯网已由淮北文旅公共服务平台替代，停止运行。",
    "resources": "云主机2台（4核8G，系统盘100G，数据盘200G）； 互联网公网IP地址1个，互联网带宽20M。",
}

EXIT_HOUSING = {
    "unit": {"name": "淮北市住房和城乡建设局"},
    "exit_kind": "使用单位退出",
    "system": {"name": "住房公积金网上办事大厅"},
    "owner": {"name": "刘洋", "office_phone": "3056789", "mobile": "13955612345"},
    "cloud": {"provider": "移动"},
    "exit_on": "2026-07-01",
    "reason": "住房公积金业务划转至淮北市住房公积金管理中心，由其统一部署。",
    "resources": "虚拟机4台、政务外网业务地址2个、对象存储2TB",
}

ACT_EDU = {
    "unit": {"name": "淮北市教育局"},
    "applied_on": "2026-03-05",
    "owner": {"name_title": "王建国 主任", "mobile": "13805612345"},
    "maintainer": {"name": "安徽皖通科技股份有限公司", "kind": "委托外包单位"},
    "tech_contact": {"name": "李明", "mobile": "13956123456", "email": "liming@wantong-tech.com"},
    "system": {"name": "淮北市智慧教育云平台", "project_code": "2025-340600-65-01-012345",
               "cloud_id": "HBZWY-2026-000123", "summary": EDU_SUMMARY, "onboarding": "迁移入云",
               "networks": ["政务外网", "互联网"], "protection_level": "三级", "operating_hours": "7×24小时"},
    "cloud": {"platform": "电信云", "term": "长期运行"},
    "ip": {"internet": 3, "egov": 2},
    "bandwidth": {"dedicated": "20M", "internet": "50M"},
    "database": "达梦",
    "middleware": "东方通",
    "hosts": EDU_HOSTS,
    "gpu": {"low": 0, "mid": 0, "high": 0},
    "security": {"basic": "主机安全防护、Web应用防火墙", "value_added": "网页防篡改"},
    "backup": {"basic": ["本地备份"], "basic_note": "数据库每日增量、每周全量，保留30天"},
}

ACT_HRSS = {
    "unit": {"name": "淮北市人力资源和社会保障局"},
    "applied_on": "2026-03-05",
    "owner": {"name_title": "陈静 信息中心副主任", "mobile": "13805612345"},
    "maintainer": {"name": "淮北市社会保险事业管理中心", "kind": "下属单位/部门"},
    "tech_contact": {"name": "赵磊", "mobile": "15955612345", "email": "zhaolei@hbrs.gov.cn"},
    "system": {"name": "淮北市社保业务经办系统", "cloud_id": "HBZWY-2026-000131",
               "summary": "社保业务经办系统临时上云过渡运行。", "onboarding": "迁移入云",
               "networks": ["政务外网"], "protection_level": "二级", "operating_hours": "其它",
               "operating_hours_other": "工作日8:00-20:00"},
    "cloud": {"platform": "移动云", "term": "临时运行", "term_months": 3},
    "ip": {"internet": 0, "egov": 4},
    "bandwidth": {"dedicated": "100M"},
    "database": "人大金仓",
    "middleware": "其他",
    "middleware_other": "金蝶Apusic",
    "hosts": [
        {"name": "应用服务器", "cpu": 8, "memory_gb": 32, "os": "openEuler 22.03", "system_disk_gb": 100,
         "system_disk_type": "SSD", "data_disk_gb": 1024, "data_disk_type": "SSD", "zone": "政务外网区", "count": 4},
        {"name": "数据库服务器", "cpu": 16, "memory_gb": 128, "os": "openEuler 22.03", "system_disk_gb": 200,
         "system_disk_type": "SSD", "data_disk_gb": 4096, "data_disk_type": "SSD", "zone": "政务外网区", "count": 1},
    ],
    "bare_metal": {"low": 2},
    "space": {"cabinets": 1, "units_u": 4},
    "security": {"basic": "主机安全防护"},
    "backup": {"basic": ["本地备份"], "value_added": ["同城异地备份"], "value_added_note": "每日同步至相山区灾备机房"},
    "other": "过渡期结束前一个月提交退出申请",
}

CSHEET_EDU = {
    "unit": {"name": "淮北市教育局"},
    "system": {"name": "淮北市智慧教育云平台"},
    "owner": {"name": "王建国", "phone": "0561-3021234"},
    "cloud": {"platform": "电信云"},
    "zone": "政务外网区",
    "changed_on": "2026-04-18",
    "change_kinds": ["主机", "网络"],
    "reason": CHG_EDU["reason"],
    "changes": CHG_EDU["changes"],
    "other_changes": "已新增政务外网地址10.55.61.30",
}

CSHEET_HRSS = {
    "unit": {"name": "淮北市人力资源和社会保障局"},
    "system": {"name": "淮北市社保业务经办系统"},
    "owner": {"name": "陈静", "phone": "0561-3198765"},
    "cloud": {"platform": "移动云"},
    "zone": "政务外网区",
    "changed_on": "2026-05-12",
    "change_kinds": ["主机"],
    "reason": "应用服务器内存不足，按审批意见扩容。",
    "changes": [
        {"ip": "10.60.12.11", "cpu_before": 8, "memory_gb_before": 16, "cpu_after": 10, "memory_gb_after": 20,
         "system_disk_gb_before": 100, "system_disk_gb_after": 100, "data_disk_gb_before": 1024,
         "data_disk_gb_after": 1024, "disk_type": "SSD", "note": "内存由16G变更为20G"},
    ],
}

XSHEET_CULTURE = {
    "unit": {"name": "淮北市文化和旅游局"},
    "system": {"name": "淮北市旅游资讯网（旧版）"},
    "exit_kind": "业务系统退出",
    "owner": {"name": "马兰", "mobile": "13905617788"},
    "cloud": {"platform": "联通云"},
    "reason": EXIT_CULTURE["reason"],
    "exit_on": "2026-06-30",
    "resources": EXIT_CULTURE["resources"],
    "data_wipe": {"provider": "是", "provider_note": "已于2026年7月2日完成数据清除", "unit": "是",
                  "unit_note": "数据已备份至本单位"},
}

XSHEET_HOUSING = {
    "unit": {"name": "淮北市住房和城乡建设局"},
    "system": {"name": "住房公积金网上办事大厅"},
    "exit_kind": "使用单位退出",
    "owner": {"name": "刘洋", "mobile": "13955612345"},
    "cloud": {"platform": "移动云"},
    "reason": EXIT_HOUSING["reason"],
    "exit_on": "2026-07-01",
    "resources": EXIT_HOUSING["resources"],
}

HOST_ROWS_EDU = [
    {"cpu": "8核", "memory_gb": "16G", "system_disk_gb": "100GB", "data_disk_gb": "500GB", "count": "2台"},
    {"cpu": "16核", "memory_gb": "64G", "data_disk_gb": "2T"},
    {"cpu": "4核", "memory_gb": "8G", "data_disk_gb": "1TB"},
]
CHANGES_EDU = [
    {"cpumem_before": "4核8G", "cpumem_after": "8核16G", "system_disk_gb_before": "100G",
     "system_disk_gb_after": "100G", "data_disk_gb_before": "200G", "data_disk_gb_after": "200G"},
    {"cpumem_before": "8核16G", "cpumem_after": "8核16G", "data_disk_gb_before": "500GB",
     "data_disk_gb_after": "800GB"},
]


def all_samples():
    S = []
    S.append(Sample("request", "edu", REQ_EDU, xml=True,
                    note="附件1 from Word: ☑ replacing ☐; both 示例 rows used (first keeps its printed "
                         "“示例：应用服务器”, second overwritten) plus an inserted host row; split runs with "
                         "proofErr/bookmarks; 8核/16G/100GB/2T/2台; 120万元; ☑ 2 个四层云负载均衡; "
                         "☑互联网公网地址 3 个; 其他 scope with text; filled backup strategy",
                    typed={"system.investment": "120万元", "system.audience_size": "50000",
                           "owner.office_phone": "0561-3021234"},
                    rows={"hosts": HOST_ROWS_EDU},
                    marks={"*": "glyph:☑"},
                    quirks={"split": {"system.name": [3, 5], "owner.email": [6]}}))
    S.append(Sample("request", "hrss-sdt", REQ_HRSS,
                    note="附件1 with Word content controls: every box a w14:checkbox (MS Gothic ☐/☒); "
                         "w:sdt around cell values, around a whole host row and at run level; "
                         "tracked change (w:del + w:ins) in a mobile; full-width ２０２６年３月５日 and "
                         "１３８０５６１２３４５; ☑临时运行 6 个月; 示例 rows deleted; 8C/32GB/1T/16vCPU; "
                         "printed backup example left unfilled (no backups)",
                    typed={"applied_on": "２０２６年３月５日", "owner.mobile": "１３８０５６１２３４５",
                           "system.investment": "280万"},
                    rows={"hosts": [{"cpu": "8C", "memory_gb": "32GB", "data_disk_gb": "1T"},
                                    {"cpu": "16vCPU", "memory_gb": "128GB", "data_disk_gb": "4T"},
                                    {"cpu": "8C", "memory_gb": "16GB"}]},
                    marks={"*": "sdt"},
                    quirks={"sdt_cell": {"unit.name", "system.summary", "hosts[2].os"},
                            "sdt_run": {"owner.department"},
                            "sdt_row": {"hosts": {1}},
                            "tracked": {"tech_contact.mobile": "15955612354"},
                            "block_mode": {"hosts": "replace"},
                            "settings_extra": "<w:trackRevisions/>"},
                    creator="陈静"))
    S.append(Sample("request", "health-formfields", REQ_HEALTH,
                    note="附件1 with legacy FORMCHECKBOX fields (w:checked set by the user; 承载网络 via "
                         "w:default; SATA硬盘（默认） defaulting to checked but unticked); form protection on; "
                         "2026/3/9; 3,500,000元; 138 6561 2345; 其他网络/其他 database/其他 bandwidth with "
                         "text; 二级 without 备案证书编号 (warning)",
                    typed={"applied_on": "2026/3/9", "system.investment": "3,500,000元",
                           "owner.mobile": "138 6561 2345"},
                    rows={"hosts": [{"cpu": "8", "memory_gb": "16"},
                                    {"cpu": "64核", "memory_gb": "512G", "system_disk_gb": "960G",
                                     "data_disk_gb": "8T"}]},
                    marks={"*": "ffcb", "system.networks": "ffcbd"},
                    quirks={"ffcb_default_on": {("storage.types", "SATA硬盘（默认）")},
                            "settings_extra": '<w:documentProtection w:edit="forms" w:enforcement="1"/>'},
                    diags=[(WARN, "required", "system.protection_cert")],
                    creator="孙丽"))
    S.append(Sample("request", "housing-wingdings", REQ_HOUSING,
                    note="附件1 with symbol-font boxes: w:sym Wingdings F0FE/F0A8 for most groups, Wingdings 2 "
                         "R/£ runs for 系统类型/云服务商/存储/互联网出口; 2026.3.12; +86 mobile; only the first "
                         "示例 row filled, the second left as printed (ignored)",
                    typed={"applied_on": "2026.3.12", "owner.mobile": "+86 13955612345"},
                    rows={"hosts": [{"cpu": "8核", "memory_gb": "16G", "data_disk_gb": "300G"}]},
                    marks={"*": "wd", "system.category": "wd2", "cloud.provider": "wd2", "storage.types": "wd2",
                           "bandwidth.internet": "wd2"},
                    creator="刘洋"))
    S.append(Sample("request", "market-wps", REQ_MARKET, flavor="wps",
                    note="附件1 saved by WPS Office (KSOProductBuildVer, numeric style ids, w:tblPrEx rows); "
                         "ticks of every kind: ☐√ / ☐✓ / ☐✔ after the box, ■ ☒ ▣ replacing it, √ in place of "
                         "the box; 0 in a required field (投资 0); 137-0561-2345; ISO date",
                    typed={"applied_on": "2026-03-05", "system.investment": "0", "owner.mobile": "137-0561-2345"},
                    rows={"hosts": [{"cpu": "4核", "memory_gb": "8G"}, {"cpu": "8核", "memory_gb": "32G",
                                                                        "data_disk_gb": "1T"}]},
                    marks={"*": "after:√", "system.networks": "after:✓", "cloud.term": "after:✔",
                           "system.onboarding": "glyph:■", "system.protection_level": "glyph:☒",
                           "system.category": "glyph:▣", "maintainer.kind": "tick:√", "database": "tick:√",
                           "middleware": "tick:√"},
                    creator="张伟"))
    S.append(Sample("request", "culture-handedit", REQ_CULTURE,
                    note="附件1 hand-edited: value typed into the label cell (申请单位：淮北市文化和旅游局), a label "
                         "retyped with a line break (电子↵邮箱), a colon after a label, 其它网络/三、其它需求 for "
                         "其他, three-paragraph 系统简介, 示例 rows left empty with real rows added below, "
                         "100G SSD typed in one cell, 其他 availability 99.5%, 每 1 天…最大保留 30 天, the "
                         "printed prompt of 其他需求 kept above the text",
                    typed={"applied_on": "2026年03月18日", "system.investment": "45万",
                           "system.summary": ["平台整合全市A级景区、公共文化场馆和旅游企业信息，提供景区预约、"
                                              "场馆预订、活动报名等服务。",
                                              "现运行在租用的商业云主机上，合同到期后迁移至市级政务云。",
                                              "迁移完成后原商业云资源全部释放。"]},
                    rows={"hosts": [{"system_disk_gb": "100G SSD", "system_disk_type": ""},
                                    {"memory_gb": "16GB"}]},
                    marks={"*": "glyph:☑"},
                    quirks={"value_in_label": {"unit.name": "申请单位：淮北市文化和旅游局"},
                            "label": {"owner.email": ("br", 3), "tech_contact.name": ("colon",)},
                            "relabel": {("system.networks", "其他网络"): "其它网络"},
                            "retext": {"三、其他需求": "三、其它需求"},
                            "block_mode": {"hosts": "after"},
                            "prompt_keep": {"other"}},
                    creator="马兰"))
    S.append(Sample("request", "long-60hosts", REQ_LONG,
                    note="附件1 with 60 host rows (the table runs over several pages); rare characters in "
                         "names: 刘䶮 (U+4DAE, Extension A), 𠮷祥 (U+20BB7, Extension B)",
                    marks={"*": "glyph:☑"},
                    quirks={"block_mode": {"hosts": "replace"}},
                    creator="刘䶮"))

    civ = "invalid: "
    S.append(Sample("request", "invalid-required",
                    merged(REQ_CIVIL, remove=["owner.email", "tech_contact.mobile", "system.summary"]),
                    note=civ + "three required fields left empty (电子邮箱, 技术联系人移动电话, 系统简介)",
                    diags=[(ERR, "required", "owner.email"), (ERR, "required", "tech_contact.mobile"),
                           (ERR, "required", "system.summary")]))
    fmt = _civil_like("淮北市交通运输局", "淮北市公交出行服务平台", "蒋涛",
                      **{"owner.mobile": "13805618888"})
    S.append(Sample("request", "invalid-format",
                    merged(fmt, remove=["owner.email", "tech_contact.mobile"]),
                    note=civ + "malformed email (jiangtao#hbjt.gov.cn) and a 10-digit mobile; "
                               "138-0561-8888 is fine",
                    typed={"owner.email": "jiangtao#hbjt.gov.cn", "tech_contact.mobile": "1380561234",
                           "owner.mobile": "138-0561-8888"},
                    diags=[(ERR, "format", "owner.email"), (ERR, "format", "tech_contact.mobile")]))
    ch = _civil_like("淮北市自然资源和规划局", "淮北市不动产登记信息系统", "韩梅",
                     **{"system.category": "其他"})
    S.append(Sample("request", "invalid-choice", merged(ch, remove=["system.onboarding"]),
                    note=civ + "two boxes ticked in 系统上云类型 (single choice); 系统类型 其他 ticked "
                               "with no text",
                    quirks={"checked": {"system.onboarding": ["新建上云", "迁移上云"]}},
                    diags=[(ERR, "choice", "system.onboarding"), (ERR, "required", "system.category_other")]))
    S.append(Sample("request", "invalid-term-months",
                    _civil_like("淮北市生态环境局", "淮北市大气污染防治监测平台", "邓超",
                                **{"cloud.term": "临时运行"}),
                    note=civ + "☑临时运行 with the months blank left empty",
                    diags=[(ERR, "required", "cloud.term_months")]))
    S.append(Sample("request", "invalid-level4",
                    _civil_like("淮北市应急管理局", "淮北市应急指挥调度系统", "石磊",
                                **{"system.protection_level": "四级",
                                   "system.protection_cert": "34060013001-26099"}),
                    note=civ + "等级保护 written in as ☑四级 after the printed options (第五条: out of scope)",
                    quirks={"extra_option": {"system.protection_level": "四级"}},
                    diags=[(ERR, "rule", "system.protection_level")]))

    S.append(Sample("hosting-request", "medical", HOST_MEDICAL, xml=True,
                    note="附件2: √ typed in place of each ticked box; ☑ added before the box-less 99.99%; "
                         "设备 rows replace the X网服务器 example (2U, 500W, 0.5kW); the two printed 机柜 "
                         "example rows filled (5kW, 4.5)",
                    typed={"system.investment": "60万元"},
                    rows={"devices": [{"units_u": "2U", "rated_power_w": "500W"},
                                      {"rated_power_w": "0.5kW"}, {"rated_power_w": "350W"}],
                          "cabinets": [{"power_kw": "5kW"}, {"power_kw": "4.5"}]},
                    marks={"*": "tick:√", "system.availability#boxless": "glyph:☑"},
                    quirks={"block_mode": {"devices": "replace"}},
                    creator="郑华"))
    S.append(Sample("hosting-request", "invalid-term9", HOST_SPORT, flavor="wps",
                    note="附件2 from WPS: ☐✓ ticks; 临时运行 9 个月 (more than 6: 第十八条); the printed "
                         "X网服务器 example row left as is with the real device below",
                    rows={"devices": [{"rated_power_w": "800W"}]},
                    marks={"*": "after:✓"},
                    quirks={"block_mode": {"devices": "after"}},
                    diags=[(ERR, "range", "cloud.term_months")],
                    creator="何斌"))

    S.append(Sample("change-request", "edu-delete", CHG_EDU, xml=True,
                    note="附件3: box-less rows answered by deleting the options not chosen (电信, 政务外网区, "
                         "主机 网络); 4核8G → 8核16G; 资源变更内容 label merged over five rows; changes "
                         "within 50 %",
                    rows={"changes": CHANGES_EDU}))
    S.append(Sample("change-request", "health-tick", CHG_HEALTH,
                    note="附件3: √ before the chosen provider (√移动), after the zone (互联网区√), chosen "
                         "change types highlighted, 其他 with text; 8C/16GB → 10C/20GB; the printed 示例1/示例2 "
                         "lines kept above the typed 其他",
                    typed={"requested_on": "2026-5-6", "owner.phone": "138 6561 2345"},
                    rows={"changes": [{"cpumem_before": "8C/16GB", "cpumem_after": "10C/20GB",
                                       "data_disk_gb_before": "500GB", "data_disk_gb_after": "600GB"}]},
                    marks={"cloud.provider": "tick-before:√", "zone": "tick-after:√", "change_kinds": "highlight"},
                    quirks={"prompt_keep": {"other_changes"}}))
    S.append(Sample("change-request", "major-change", CHG_HRSS_MAJOR,
                    note="附件3: CPU 4→16 and memory 8→32 on the rows given: a major change (第十六条, "
                         "warning); 2026/4/20; no 其他 text (prompt left printed)",
                    typed={"requested_on": "2026/4/20"},
                    rows={"changes": [{"cpumem_before": "4核 8G", "cpumem_after": "16核 32G"}]},
                    diags=[(WARN, "rule", "changes")]))

    S.append(Sample("exit-request", "culture", EXIT_CULTURE, xml=True,
                    note="附件4: □ replaced by ☑; provider by deletion (联通); 2026.6.30; the printed 退出资源 "
                         "prompt replaced by two paragraphs",
                    typed={"exit_on": "2026.6.30",
                           "resources": ["云主机2台（4核8G，系统盘100G，数据盘200G）；",
                                         "互联网公网IP地址1个，互联网带宽20M。"]},
                    marks={"*": "glyph:☑"}))
    S.append(Sample("exit-request", "housing-highlight", EXIT_HOUSING,
                    note="附件4: □✓ tick after the box; provider highlighted (移动); optional 电子邮箱 empty "
                         "(omitted); 办公电话 without area code",
                    marks={"*": "after:✓", "cloud.provider": "highlight"}))
    S.append(Sample("exit-request", "invalid-choice",
                    merged(EXIT_HOUSING, {"unit.name": "淮北市交通运输局", "system.name": "出租车服务管理信息系统",
                                          "cloud.provider": "电信"}, remove=["exit_kind", "exit_on"]),
                    note=civ + "both 退出类型 boxes ticked; 退出日期 empty",
                    marks={"*": "glyph:☑"},
                    quirks={"checked": {"exit_kind": ["业务系统退出", "使用单位退出"]}},
                    diags=[(ERR, "choice", "exit_kind"), (ERR, "required", "exit_on")]))

    S.append(Sample("activation-sheet", "edu", ACT_EDU, xml=True,
                    note="附件5: ■ replacing □; three host rows with a correct typed 合计 row; GPU blanks "
                         "filled with 0; 增值安全服务 after the printed 其他：; 本地备份 with a note",
                    rows={"hosts": HOST_ROWS_EDU},
                    marks={"*": "glyph:■"},
                    quirks={"total_typed": {"cpu": "36", "memory_gb": "104G", "system_disk_gb": "400G",
                                            "data_disk_gb": "4072G", "count": "4"}}))
    S.append(Sample("activation-sheet", "hrss-total-mismatch", ACT_HRSS,
                    note="附件5: □✔ ticks; 其它 运行时间 with text; 临时运行 3 个月; IP 0 (required, not "
                         "needed); bare-metal, rack space, 同城异地备份; a typed 合计 row that ignores the "
                         "counts (warning)",
                    typed={"owner.mobile": "138 0561 2345"},
                    rows={"hosts": [{"cpu": "8C", "memory_gb": "32G", "data_disk_gb": "1T"},
                                    {"cpu": "16C", "memory_gb": "128G", "data_disk_gb": "4T"}]},
                    marks={"*": "after:✔"},
                    quirks={"total_typed": {"cpu": "24", "memory_gb": "160G", "system_disk_gb": "300G",
                                            "data_disk_gb": "5120G", "count": "5"}},
                    diags=[(WARN, "rule", "hosts_total")]))

    S.append(Sample("change-sheet", "edu", CSHEET_EDU, xml=True,
                    note="附件6: platform, zone and change types by deletion; the 示例 row deleted and the real "
                         "rows typed in its place; 2026/4/18",
                    typed={"changed_on": "2026/4/18"},
                    rows={"changes": CHANGES_EDU},
                    quirks={"block_mode": {"changes": "replace"}}))
    S.append(Sample("change-sheet", "hrss-highlight", CSHEET_HRSS,
                    note="附件6: platform highlighted, zone marked √ after, change type √ before; the printed "
                         "示例 row (10.55.61.115) left as is and a real row added below; 2026年5月12日",
                    rows={"changes": [{"cpumem_before": "8核16G", "cpumem_after": "10核20G",
                                       "data_disk_gb_before": "1T", "data_disk_gb_after": "1T"}]},
                    marks={"cloud.platform": "highlight", "zone": "tick-after:√", "change_kinds": "tick-before:√"},
                    quirks={"block_mode": {"changes": "after"}}))

    S.append(Sample("exit-sheet", "culture", XSHEET_CULTURE, xml=True,
                    note="附件7: ☑ replacing □; platform by deletion; both data-wipe confirmations 是 with "
                         "their 其它说明",
                    typed={"exit_on": "2026年6月30日"},
                    marks={"*": "glyph:☑"}))
    S.append(Sample("exit-sheet", "housing-pending", XSHEET_HOUSING,
                    note="附件7 as generated for stamping: platform highlighted, □√ exit type, the data-wipe "
                         "boxes still empty (optional)",
                    typed={"exit_on": "2026-07-01"},
                    marks={"*": "after:√", "cloud.platform": "highlight"}))
    S.append(Sample("exit-sheet", "invalid-wipe",
                    merged(XSHEET_HOUSING, {"data_wipe.unit": "是"}),
                    note=civ + "云服务商确认 with both 是 and 否 ticked",
                    marks={"*": "glyph:☒"},
                    quirks={"checked": {"data_wipe.provider": ["是", "否"]}},
                    diags=[(ERR, "choice", "data_wipe.provider")]))
    return S


def xml_samples():
    X = []
    X.append(Sample("request", "xml-units", REQ_EDU,
                    note="XML input with values typed as people do: 8核, 16G, 500GB, 2T, 2台, 120万元",
                    quirks={"xml_typed": {"system.investment": "120万元", "hosts[0].cpu": "8核",
                                          "hosts[0].memory_gb": "16G", "hosts[0].data_disk_gb": "500GB",
                                          "hosts[0].count": "2台", "hosts[1].data_disk_gb": "2T",
                                          "hosts[2].memory_gb": "8 G", "ip.internet": "3个"}}))
    X.append(Sample("exit-request", "xml-shuffled", EXIT_CULTURE,
                    note="XML input with every element list in a shuffled order",
                    quirks={"xml_shuffle": True}))
    X.append(Sample("change-request", "xml-unknown", CHG_EDU,
                    note="invalid XML input: an element the schema does not know (<system><vendor>)",
                    quirks={"xml_unknown": ("system", "vendor", "淮北云启信息技术有限公司")},
                    diags=[(ERR, "format", "system.vendor")]))
    X.append(Sample("hosting-request", "xml-record", HOST_MEDICAL,
                    note="a <record> document given as input: its <diagnostics> are ignored",
                    quirks={"xml_root": "record"}))
    return X


LIBREOFFICE = ["request-edu", "change-request-edu-delete", "exit-request-culture"]


def validate(samples, xml_samples):
    """Catch catalogue mistakes: unknown keys, options not on the form,
    types, duplicate names."""
    names = set()
    for s in samples + xml_samples:
        if s.name in names:
            raise ValueError(f"duplicate sample {s.name}")
        names.add(s.name)
        fields = spec.field_map(s.form)
        diag_fields = {d[2] for d in s.diags}
        for key, v in flatten(s.values):
            if key not in fields:
                raise KeyError(f"{s.name}: {key} is not a {s.form} field")
            label, typ, req, opts = fields[key]
            if typ == "choice" and v not in opts and key not in diag_fields:
                raise ValueError(f"{s.name}: {key} = {v!r} is not an option")
            if typ == "multi" and (not isinstance(v, list) or any(o not in opts for o in v)):
                raise ValueError(f"{s.name}: {key} = {v!r}")
            if typ == "date" and not (isinstance(v, str) and len(v) == 10 and v[4] == "-"):
                raise ValueError(f"{s.name}: {key} = {v!r} is not YYYY-MM-DD")
            if typ in ("int", "money") and not isinstance(v, int):
                raise ValueError(f"{s.name}: {key} = {v!r} is not an int")
            if typ == "table":
                cols = {c[0]: c[2] for c in opts}
                for row in v:
                    for c, cv in row.items():
                        if c not in cols:
                            raise KeyError(f"{s.name}: {key}[].{c}")
                        if cols[c] in ("int", "cpu") and not isinstance(cv, int):
                            raise ValueError(f"{s.name}: {key}[].{c} = {cv!r}")
        for path, text in s.quirks.get("xml_typed", {}).items():
            _check_typed(s, fields, path, text)
        for key, (label, typ, req, opts) in fields.items():
            if req and get(s.values, key) is None and key not in diag_fields and typ != "total":
                raise ValueError(f"{s.name}: required {key} missing without a diagnostic")


def _check_typed(s, fields, path, text):
    """An XML value typed with units must still read as the record value."""
    if "[" in path:
        key, rest = path.split("[", 1)
        idx, sub = rest.split("].")
        typ = {c[0]: c[2] for c in fields[key][3]}[sub]
        want = get(s.values, key)[int(idx)][sub]
    else:
        typ = fields[path][1]
        want = get(s.values, path)
    got = typed_mod.parse(typ, text)
    if got != want:
        raise ValueError(f"{s.name}: XML {path} typed {text!r} reads {got!r}, record has {want!r}")


def readme(samples, xml_samples):
    lines = [
        "# Sample forms",
        "",
        "Written by `tools/make_samples.py` (do not edit by hand; see `docs/samples.md`).",
        "Each filled sample has `expected/<name>.json`: the `form`, the record `fields` and the",
        "`diagnostics` (severity, code, field) deliberately put in. An XML twin shares its DOCX",
        "sample's name and expected file; `*-lo.docx` are LibreOffice re-saves sharing their",
        "source's expected values.",
        "",
        "## Blank forms (`blank/`)",
        "",
        "| file | form |",
        "|---|---|",
    ]
    from .layout import BLANK_NAMES, FORMS
    for fid, name in BLANK_NAMES.items():
        lines.append(f"| `blank/{name}.docx` | 附件{FORMS[fid].annex} {FORMS[fid].title} (`{fid}`) |")
    lines += ["", "## Filled DOCX", "", "| sample | valid | what it exercises |", "|---|---|---|"]
    for s in samples:
        valid = "no" if any(d[0] == ERR for d in s.diags) else "yes"
        twin = " (+ `.xml` twin)" if s.xml else ""
        lines.append(f"| `{s.name}.docx`{twin} | {valid} | {s.note} |")
    for n in LIBREOFFICE:
        lines.append(f"| `{n}-lo.docx` | yes | `{n}.docx` opened and saved by LibreOffice 7.4 (`--libreoffice`) |")
    lines += ["", "## XML only", "", "| sample | valid | what it exercises |", "|---|---|---|"]
    for s in xml_samples:
        valid = "no" if any(d[0] == ERR for d in s.diags) else "yes"
        lines.append(f"| `{s.name}.xml` | {valid} | {s.note} |")
    return "\n".join(lines) + "\n"
